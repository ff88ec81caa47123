// The handler of each format. Most are one line, one event through the format's TextParser;
// Zeek TSV and auditd carry state across lines (a header; groups of records).
import { DEFAULT_DATASET } from '@halong/core';
import type { ParseErrorCode } from '../../parse/errors';
import { failure } from '../../parse/errors';
import type { ParseOutcome, ParsedEvent, SourceContext, TextParser } from '../../parse/types';
import { createAccessLogParser } from '../../parsers/access-log';
import { parseCef } from '../../parsers/cef';
import { parseOpen5gs } from '../../parsers/open5gs';
import { parseSuricataEve } from '../../parsers/suricata';
import { ZeekTsvReader, parseZeekJson } from '../../parsers/zeek';
import { normalizeWindowsEvent } from '../../windows';
import { jsonLineToEvent } from '../http/json-event';
import { parseSyslogOrCef } from '../syslog/syslog-or-cef';
import { auditLineHandler } from './audit-lines';
import { fileEvent } from './line-event';
import type { HandlerContext, LineHandler } from './line-handler';
import { sourceOf } from './line-handler';
import type { FileFormat } from './options';

/** A fresh handler of `format` for one file. */
export function createLineHandler(format: FileFormat, c: HandlerContext): LineHandler {
  switch (format) {
    case 'syslog':
      return oneEventPerLine(parseSyslogOrCef, 'HALONG_PARSE_SYSLOG', c);
    case 'cef':
      return oneEventPerLine(parseCef, 'HALONG_PARSE_CEF', c);
    case 'nginx':
    case 'apache':
      return oneEventPerLine(createAccessLogParser({ module: format }), 'HALONG_PARSE_ACCESS_LOG', c);
    case 'suricata':
      return oneEventPerLine(parseSuricataEve, 'HALONG_PARSE_SURICATA', c);
    case 'open5gs':
      return oneEventPerLine(parseOpen5gs, 'HALONG_PARSE_OPEN5GS', c);
    case 'windows-json':
      return oneEventPerLine(parseWindowsJson, 'HALONG_PARSE_JSON', c);
    case 'json': {
      const dataset = c.dataset;
      return oneEventPerLine((text, source) => jsonLineToEvent(text, source, dataset), 'HALONG_PARSE_JSON', { ...c, dataset: undefined });
    }
    case 'text':
      return oneEventPerLine(textParser(c.dataset ?? DEFAULT_DATASET), 'HALONG_PARSE_EMPTY', { ...c, dataset: undefined });
    case 'zeek':
      return zeekLineHandler(c);
    case 'auditd':
      return auditLineHandler(c);
  }
}

function oneEventPerLine(parse: TextParser, code: ParseErrorCode, c: HandlerContext): LineHandler {
  return {
    push: (line, now) => [fileEvent(safely(parse, code, line.text, sourceOf(c, now)), line.text, { offset: line.offset, sequence: line.sequence, receivedAt: now }, line, c)],
    idle: () => [],
    end: () => [],
    heldFrom: () => undefined,
  };
}

function zeekLineHandler(c: HandlerContext): LineHandler {
  const reader = new ZeekTsvReader({ maxLineChars: c.maxLineBytes });
  return {
    push(line, now) {
      const source = sourceOf(c, now);
      const outcomes = line.text.startsWith('{') ? [safely(parseZeekJson, 'HALONG_PARSE_ZEEK', line.text, source)] : reader.push(line.text, source);
      return outcomes.map((outcome) => fileEvent(outcome, line.text, { offset: line.offset, sequence: line.sequence, receivedAt: now }, line, c));
    },
    idle: () => [],
    end: () => [],
    heldFrom: () => undefined,
    prime(text, now) {
      if (text.startsWith('#')) reader.push(text, sourceOf(c, now));
    },
  };
}

// Parsers promise not to throw; a bug in one must still cost a line, not the input.
function safely(parse: TextParser, code: ParseErrorCode, text: string, source: SourceContext): ParseOutcome {
  try {
    return parse(text, source);
  } catch (err) {
    return failure(code, `The parser failed unexpectedly: ${(err as Error).message}`);
  }
}

const parseWindowsJson: TextParser = (text, source) => {
  try {
    const event = normalizeWindowsEvent(text, { original: text, timeZone: source.timeZone, now: () => new Date(source.receivedAt) });
    return { ok: true, event: event as ParsedEvent };
  } catch (err) {
    return failure('HALONG_PARSE_JSON', (err as Error).message);
  }
};

function textParser(dataset: string): TextParser {
  return (text, source) => ({ ok: true, event: { '@timestamp': new Date(source.receivedAt).toISOString(), message: text, event: { kind: 'event', dataset } } });
}

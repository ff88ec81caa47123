// The access log TextParsers. nginx and Apache write the same common/combined format, so the
// server cannot be read from a line: the input says which (createAccessLogParser), or the
// source's file path or topic does (`/var/log/nginx/…`, `/var/log/httpd/…`).
import { failure } from '../../parse/errors';
import type { SourceContext, TextParser } from '../../parse/types';
import { readClient } from './client';
import { scanAccessLine } from './line';
import { parseRequestLine } from './request-line';
import { timeLocalToEpoch } from './time-local';
import { accessToEcs } from './to-ecs';

/** The web servers whose access logs are parsed. */
export type AccessLogModule = 'nginx' | 'apache';

/** Options of {@link createAccessLogParser}. */
export interface AccessLogParserOptions {
  /** The server that wrote the log; when absent it is inferred from the source's topic or path. */
  module?: AccessLogModule;
}

/** event.dataset of access log lines whose server is not known. */
export const GENERIC_ACCESS_DATASET = 'web.access';

/**
 * A parser of nginx/Apache common and combined access log lines (vhost prefix, forwarded-for
 * lists and trailing fields tolerated) to ECS: `event.module` nginx or apache, `event.dataset`
 * `<module>.access` (or `web.access` when the server is not known). Never throws: other text
 * gives HALONG_PARSE_ACCESS_LOG, an unreadable [time] HALONG_PARSE_TIME.
 */
export function createAccessLogParser(options: AccessLogParserOptions = {}): TextParser {
  return (text, source) => {
    const line = withoutLineEnd(text);
    if (line.trim().length === 0) return failure('HALONG_PARSE_EMPTY');
    try {
      const fields = scanAccessLine(line);
      if ('error' in fields) return failure('HALONG_PARSE_ACCESS_LOG', `Not an access log line: ${fields.error}`);
      const client = readClient(fields.head);
      if ('error' in client) return failure('HALONG_PARSE_ACCESS_LOG', `Not an access log line: ${client.error}`);
      const epoch = timeLocalToEpoch(fields.time);
      if (epoch === undefined) return failure('HALONG_PARSE_TIME', `The access log time "${fields.time}" is not dd/Mon/yyyy:HH:mm:ss ±hhmm.`);
      const module = options.module ?? moduleOf(source);
      const dataset = module !== undefined ? `${module}.access` : GENERIC_ACCESS_DATASET;
      const request = parseRequestLine(fields.request);
      return { ok: true, event: accessToEcs({ line: fields, client, epoch, ...(request ? { request } : {}) }, line, module, dataset) };
    } catch (error) {
      // A bug here must become a dead letter with a reason, not an exception that stops the input.
      return failure('HALONG_PARSE_ACCESS_LOG', `Access log line could not be mapped: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };
}

/** Parses an access log line, the server inferred from the source's topic or path. */
export const parseAccessLog: TextParser = createAccessLogParser();

// A loop, not /[\r\n]+$/: that pattern is quadratic on a long run of newlines.
function withoutLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

function moduleOf(source: SourceContext): AccessLogModule | undefined {
  const where = source.topic ?? '';
  const nginx = /nginx/i.test(where);
  const apache = /apache|httpd/i.test(where);
  return nginx === apache ? undefined : nginx ? 'nginx' : 'apache';
}

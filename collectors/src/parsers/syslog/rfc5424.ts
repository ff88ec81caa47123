// RFC 5424 (§6): VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
// STRUCTURED-DATA [SP MSG], "-" for any absent field. Fields are read strictly in order; a
// message that claims version 1 but breaks the grammar fails with the field at fault.
import type { SourceContext } from '../../parse/types';
import type { Priority } from './priority';
import { readStructuredData } from './structured-data';
import type { SyslogRecord } from './syslog-record';
import { notSyslog } from './syntax-error';
import { MAX_TOKEN, tokenEnd } from './text-scan';
import { readIsoTimestamp, resolveTimestamp } from './timestamps';

const VERSION = /([1-9]\d{0,2}) (?:-|\d{4}-)/y;
const NIL = '-';

/** True when the text after the PRI at `pos` starts like RFC 5424: a version, then "-" or a date. */
export function looksLikeRfc5424(text: string, pos: number): boolean {
  VERSION.lastIndex = pos;
  return VERSION.test(text);
}

/**
 * The fields of an RFC 5424 message whose VERSION starts at `pos`.
 * @throws SyslogSyntaxError naming the field that breaks the grammar.
 */
export function parseRfc5424(text: string, pos: number, priority: Priority, source: SourceContext): SyslogRecord {
  const space = text.indexOf(' ', pos);
  const record: SyslogRecord = { priority, version: Number(text.slice(pos, space)) };
  let i = space + 1;

  if (text.startsWith(NIL, i) && (text.length === i + 1 || text.charCodeAt(i + 1) === 0x20)) {
    i += 1;
  } else {
    const ts = readIsoTimestamp(text, i);
    if (!ts || !(ts.end === text.length || text.charCodeAt(ts.end) === 0x20)) {
      notSyslog(`The RFC 5424 TIMESTAMP "${text.slice(i, tokenEndOrCap(text, i))}" is not RFC 3339 (YYYY-MM-DDThh:mm:ss[.frac]±hh:mm).`);
    }
    record.time = resolveTimestamp(ts, source);
    i = ts.end;
  }

  // Each field is " FIELD" after the previous one; "-" is absent (undefined, as the fields were assigned before).
  let end = fieldEnd(text, i, 'HOSTNAME');
  record.hostname = fieldValue(text, i + 1, end);
  i = end;
  end = fieldEnd(text, i, 'APP-NAME');
  record.appname = fieldValue(text, i + 1, end);
  i = end;
  end = fieldEnd(text, i, 'PROCID');
  record.procid = fieldValue(text, i + 1, end);
  i = end;
  end = fieldEnd(text, i, 'MSGID');
  record.msgid = fieldValue(text, i + 1, end);
  i = end;

  if (text.charCodeAt(i) !== 0x20 || i + 1 >= text.length) notSyslog('The RFC 5424 header ends before its STRUCTURED-DATA ("-" when there is none).');
  const sd = readStructuredData(text, i + 1);
  if (sd.data) record.structuredData = sd.data;
  // After the SD comes SP MSG, or nothing; a UTF-8 MSG may start with a BOM (§6.4).
  if (sd.end < text.length) {
    const msg = text.slice(sd.end + 1);
    record.message = msg.charCodeAt(0) === 0xfeff ? msg.slice(1) : msg;
  }
  return record;
}

// The end of " FIELD" at `pos`, after checking it is there, not empty and not too long.
function fieldEnd(text: string, pos: number, field: string): number {
  if (text.charCodeAt(pos) !== 0x20 || pos + 1 >= text.length) notSyslog(`The RFC 5424 header ends before its ${field}.`);
  const start = pos + 1;
  const end = tokenEnd(text, start);
  if (end === start) notSyslog(`The RFC 5424 ${field} is empty (two spaces in a row at character ${pos}).`);
  if (end < 0) notSyslog(`The RFC 5424 ${field} is longer than ${MAX_TOKEN} characters.`);
  return end;
}

// The field in [start, end); "-" → undefined.
function fieldValue(text: string, start: number, end: number): string | undefined {
  return end - start === 1 && text.charCodeAt(start) === 0x2d ? undefined : text.slice(start, end);
}

function tokenEndOrCap(text: string, pos: number): number {
  const end = tokenEnd(text, pos, 40);
  return end < 0 ? pos + 40 : end;
}

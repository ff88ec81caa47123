// Zeek's JSON logs (LogAscii::use_json, or JSON streamed to Kafka): one object per line, column
// names dotted (`"id.orig_h"`), `ts` in epoch seconds (or ISO 8601 / epoch milliseconds with
// LogAscii::json_timestamps), `_path` naming the log when the writer adds it.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext, TextParser } from '../../parse/types';
import { isJsonObject, readJsonLine } from './json-line';
import { sensorTimeToMs } from './timestamps';
import { zeekEvent, zeekLogName } from './to-ecs';

// Objects inside a record (a writer that nests `id`) become dotted columns like Zeek's own.
function flatten(record: Record<string, unknown>, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isJsonObject(value)) flatten(value, name, out);
    else out.set(name, value);
  }
  return out;
}

/**
 * Parses one Zeek JSON log line into ECS. The log is named by `_path`, else by the file in
 * `source.topic`; a `ts` in ISO 8601 without a zone is read in `source.timeZone`, and a record
 * without `ts` is dated `source.receivedAt`.
 */
export const parseZeekJson: TextParser = (text: string, source: SourceContext): ParseOutcome => {
  if (text.trim() === '') return failure('HALONG_PARSE_EMPTY');
  const read = readJsonLine(text, 'Zeek');
  if (!read.ok) return read;
  if (!isJsonObject(read.value)) return failure('HALONG_PARSE_ZEEK', 'The Zeek line is JSON but not an object.');
  const columns = flatten(read.value, '', new Map());
  const log = zeekLogName(columns.get('_path'), source.topic);
  if (log === undefined) return failure('HALONG_PARSE_ZEEK', 'The Zeek record names no log: it has no usable _path and its source is not a <log>.log file.');
  // A few logs have no time (loaded_scripts): they are dated when received.
  const time = columns.has('ts') ? sensorTimeToMs(columns.get('ts'), source.timeZone) : source.receivedAt;
  if (time === undefined) return failure('HALONG_PARSE_TIME', `The Zeek ts ${JSON.stringify(columns.get('ts'))?.slice(0, 64)} is neither epoch seconds nor ISO 8601.`);
  columns.delete('_path');
  return { ok: true, event: zeekEvent(log, columns, time) };
};

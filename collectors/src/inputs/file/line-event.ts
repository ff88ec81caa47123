// A line (or an audit group of lines) to an event, the way `toEvent` does it for the network
// inputs, with one difference: the event.id. The envelope hashes the receive time, and a file
// line read again after a crash is received again at another time; so for files the id is
// computed with a receive time of 0 and a sequence that names the line by position instead:
// `<file key>:<byte offset>` (file-identity.ts: inode and the file's bytes before the line). The
// event's times (event.ingested, an unparsed line's @timestamp) are the real read time and may
// differ between two reads of one line; event.id never does.
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../../parse/envelope';
import { envelope, eventId, unparsedEvent } from '../../parse/envelope';
import type { ParseOutcome } from '../../parse/types';
import { INVALID_UTF8_TAG, MESSAGE_TRUNCATED_TAG } from '../../pipeline/to-event';

/** Tag of an event whose last line had no LF when it was emitted (it waited, then was taken as it stood). */
export const PARTIAL_LINE_TAG = '_halong_partial_line';

/** The receive time hashed into a file line's event.id: none, the sequence names the line. */
export const FILE_ID_RECEIVED_AT = 0;

/** What happened to the bytes of a line (or of any line of a group). */
export interface LineMarks {
  truncated: boolean;
  invalidUtf8: boolean;
  partial: boolean;
}

/** One decoded line of a followed file. */
export interface FileLine extends LineMarks {
  offset: number;
  /** `<file key>:<offset>`, hashed into event.id. */
  sequence: string;
  text: string;
}

/** What every event of one followed file shares. */
export interface FileEventContext {
  path: string;
  /** `file:<path>`. */
  sourceId: string;
  observer: EnvelopeContext['observer'];
  site?: string;
  maxOriginalBytes: number;
  /** Replaces event.dataset of parsed events (see TailedFile.dataset). */
  dataset?: string;
  redact?: (event: EcsEvent) => EcsEvent;
}

/** The event of `original` (a line, or an audit group's lines joined by LF) first read at `offset`. */
export function fileEvent(outcome: ParseOutcome, original: string, at: { offset: number; sequence: string; receivedAt: number }, marks: LineMarks, c: FileEventContext): EcsEvent {
  const ctx: EnvelopeContext = { observer: c.observer, ...(c.site !== undefined ? { site: c.site } : {}), sourceId: c.sourceId, receivedAt: at.receivedAt, sequence: at.sequence, maxOriginalBytes: c.maxOriginalBytes };
  const event = outcome.ok ? envelope(outcome.event, original, ctx) : unparsedEvent(original, outcome.failure, ctx);
  event.event.id = eventId(c.sourceId, FILE_ID_RECEIVED_AT, at.sequence, original);
  if (outcome.ok && c.dataset !== undefined) event.event.dataset = c.dataset;
  const log = event['log'] !== null && typeof event['log'] === 'object' && !Array.isArray(event['log']) ? (event['log'] as Record<string, unknown>) : {};
  const file = log['file'] !== null && typeof log['file'] === 'object' && !Array.isArray(log['file']) ? (log['file'] as Record<string, unknown>) : {};
  // ECS log.file.path and log.offset, as Filebeat sets them: where an analyst finds the line.
  event['log'] = { ...log, file: { ...file, path: c.path }, offset: at.offset };
  const flags = [...(marks.truncated ? [MESSAGE_TRUNCATED_TAG] : []), ...(marks.invalidUtf8 ? [INVALID_UTF8_TAG] : []), ...(marks.partial ? [PARTIAL_LINE_TAG] : [])];
  if (flags.length > 0) event.tags = [...(event.tags ?? []), ...flags];
  return c.redact ? c.redact(event) : event;
}

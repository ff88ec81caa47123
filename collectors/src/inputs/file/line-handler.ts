// What a followed file's lines go through. Handlers may carry state across lines (Zeek's TSV
// header, auditd's open groups), so each followed file gets its own, made anew when the file is
// rotated or truncated.
import type { EcsEvent } from '@halong/core';
import type { SourceContext } from '../../parse/types';
import type { FileEventContext, FileLine } from './line-event';

/** The lines of one file, in order, to events. */
export interface LineHandler {
  /** The events `line` completes (none while it is held, e.g. in an open audit group). */
  push(line: FileLine, now: number): EcsEvent[];
  /** Events held long enough without more lines. */
  idle(now: number): EcsEvent[];
  /** Every held event: the file has ended. */
  end(now: number): EcsEvent[];
  /** Offset of the oldest line held back, not yet in an event: a checkpoint must not pass it. */
  heldFrom(): number | undefined;
  /** A line before the resume offset, read again for the state it sets (Zeek's header). */
  prime?(text: string, now: number): void;
}

/** What a handler needs besides the event context. */
export interface HandlerContext extends FileEventContext {
  timeZone: string;
  maxLineBytes: number;
  assembleIdleMs: number;
}

/** The source of a line read at `now`: the path is the topic (access-log and Zeek read it). */
export function sourceOf(c: HandlerContext, now: number): SourceContext {
  return { timeZone: c.timeZone, receivedAt: now, topic: c.path };
}

// Arithmetic on read positions over the live segments (oldest first, the newest last).
import type { Position, Segment } from './types';

export function comparePositions(a: Position, b: Position): number {
  return a.seq !== b.seq ? a.seq - b.seq : a.offset - b.offset;
}

// A position at the end of a segment that is no longer written to is the start of the next
// one; persisting it that way lets the finished segment be deleted.
export function normalizePosition(segments: readonly Segment[], pos: Position): Position {
  let at = pos;
  for (;;) {
    const i = segments.findIndex((s) => s.seq === at.seq);
    if (i < 0 || i === segments.length - 1 || at.offset < segments[i].size) return at;
    at = { seq: segments[i + 1].seq, offset: 0, index: 0 };
  }
}

// Records and framed bytes from `from` up to `to` (from ≤ to, both on live segments).
export function distance(segments: readonly Segment[], from: Position, to: Position): { records: number; bytes: number } {
  if (from.seq === to.seq) return { records: to.index - from.index, bytes: to.offset - from.offset };
  let records = to.index;
  let bytes = to.offset;
  for (const s of segments) {
    if (s.seq === from.seq) {
      records += s.records - from.index;
      bytes += s.size - from.offset;
    } else if (s.seq > from.seq && s.seq < to.seq) {
      records += s.records;
      bytes += s.size - s.countFrom;
    }
  }
  return { records, bytes };
}

// auditd lines through one AuditAssembler per file. The assembler holds lines until their group
// is complete, so the handler keeps, per open group, its first line: the group's event is named
// by that line's offset, and the checkpoint stays at the oldest open group's first line, so a
// restart re-reads (and reassembles, under the same event.id) every group not yet shipped.
import type { EcsEvent } from '@halong/core';
import { failure } from '../../parse/errors';
import type { SourceContext } from '../../parse/types';
import type { AssembledOutcome } from '../../parsers/auditd';
import { AuditAssembler, readAuditLine } from '../../parsers/auditd';
import type { FileLine, LineMarks } from './line-event';
import { fileEvent } from './line-event';
import type { HandlerContext, LineHandler } from './line-handler';
import { sourceOf } from './line-handler';

interface OpenGroup {
  first: FileLine;
  marks: LineMarks;
}

/** A handler that assembles audit records into events. */
export function auditLineHandler(c: HandlerContext): LineHandler {
  // Lines are already cut at maxLineBytes, so the assembler never refuses one for its length.
  const assembler = new AuditAssembler({ timeoutMs: c.assembleIdleMs, maxLineChars: Math.max(1, c.maxLineBytes) });
  const open = new Map<string, OpenGroup>();
  // The assembler hands back the source object of a group's first line: it finds the line.
  const lineOf = new WeakMap<SourceContext, FileLine>();

  const events = (outcomes: readonly AssembledOutcome[], now: number): EcsEvent[] =>
    outcomes.map((outcome) => {
      const first = lineOf.get(outcome.source)!;
      const record = readAuditLine(first.text);
      const group = record ? open.get(record.id) : undefined;
      const marks = group?.first === first ? group.marks : first;
      if (record && group?.first === first) open.delete(record.id);
      return fileEvent(outcome, outcome.original, { offset: first.offset, sequence: first.sequence, receivedAt: now }, marks, c);
    });

  const resync = (): void => {
    if (assembler.openGroups === 0) open.clear();
  };

  return {
    push(line, now) {
      const source = sourceOf(c, now);
      lineOf.set(source, line);
      const record = readAuditLine(line.text);
      if (record) {
        const group = open.get(record.id);
        if (group) {
          group.marks = { truncated: group.marks.truncated || line.truncated, invalidUtf8: group.marks.invalidUtf8 || line.invalidUtf8, partial: group.marks.partial || line.partial };
        } else if (record.type !== 'EOE') {
          open.set(record.id, { first: line, marks: { truncated: line.truncated, invalidUtf8: line.invalidUtf8, partial: line.partial } });
        }
      }
      let outcomes: AssembledOutcome[];
      try {
        outcomes = assembler.push(line.text, source);
      } catch (err) {
        // A bug in the mapping must cost this line (kept, with the reason), not stall the file.
        outcomes = [{ ...failure('HALONG_PARSE_AUDITD', `The audit assembler failed unexpectedly: ${(err as Error).message}`), original: line.text, source }];
      }
      const out = events(outcomes, now);
      resync();
      return out;
    },
    idle(now) {
      const out = events(assembler.flush(now), now);
      resync();
      return out;
    },
    end(now) {
      const out = events(assembler.end(), now);
      open.clear();
      return out;
    },
    heldFrom() {
      let oldest: number | undefined;
      for (const group of open.values()) if (oldest === undefined || group.first.offset < oldest) oldest = group.first.offset;
      return oldest;
    },
  };
}

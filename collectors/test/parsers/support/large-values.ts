// Checks on multi-megabyte inputs and values that stay readable when they fail: toBe or toEqual
// on a 10 MB string or event would print all of it.
import type { ParseFailure, ParseOutcome } from '../../../src/parse/types';

/** How many times `text` is exactly `unit` repeated (after `head`), or -1 when it is anything else or absent. */
export function repeats(text: unknown, unit: string, head = ''): number {
  if (typeof text !== 'string' || !text.startsWith(head) || (text.length - head.length) % unit.length !== 0) return -1;
  const count = (text.length - head.length) / unit.length;
  return text === head + unit.repeat(count) ? count : -1;
}

/** The failure of an outcome, or 'parsed' in place of the event. */
export function failureOf(outcome: ParseOutcome): ParseFailure | 'parsed' {
  return outcome.ok ? 'parsed' : outcome.failure;
}

/** The value at a dotted path of an event, to check one field without printing the rest. */
export function at(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

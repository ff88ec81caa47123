// Fixture access and a frozen source for the syslog tests.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceContext } from '../../../../src/parse/types';

export const FIXTURES_DIR = resolve(__dirname, '../fixtures');

/** When the tests "receive" messages: shortly after the logger captures in the fixtures. */
export const RECEIVED_AT = Date.parse('2026-11-24T02:00:00Z');

/** A source in `timeZone` that received its message at {@link RECEIVED_AT}. */
export function source(timeZone = 'Asia/Ho_Chi_Minh', extra: Partial<SourceContext> = {}): SourceContext {
  return { timeZone, receivedAt: RECEIVED_AT, ...extra };
}

/** The non-empty lines of a text fixture. */
export function fixtureLines(name: string): string[] {
  return readFileSync(resolve(FIXTURES_DIR, name), 'utf8').split('\n').filter((line) => line !== '');
}

/** The bytes of a fixture. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(resolve(FIXTURES_DIR, name));
}

// MQTT payloads are bytes. The conventions read here carry UTF-8 text: JSON, or a bare word
// (`Online`, `ON`, `offline`). Bytes that are not UTF-8 are kept as base64 where a convention
// allows anything, and refused where it promises text.
import type { ParseFailure } from '../../parse/types';
import { parseBoundedJson } from './bounded-json';

/** A payload read as JSON (when it looks like JSON) or as text. */
export type ReadPayload = { kind: 'json'; value: unknown; text: string } | { kind: 'text'; text: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The payload as UTF-8 text, or undefined when it is not valid UTF-8. */
export function payloadText(payload: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(payload);
  } catch {
    return undefined;
  }
}

/**
 * Text that starts like JSON (`{` or `[`) parsed as JSON; other text as text. Nesting deeper
 * than the bound always fails with HALONG_PARSE_JSON; invalid JSON does too when `strict`,
 * else it is kept as text.
 */
export function readPayload(text: string, strict: boolean): { ok: true; payload: ReadPayload } | { ok: false; failure: ParseFailure } {
  const trimmed = text.trim();
  const first = trimmed.charAt(0);
  if (first !== '{' && first !== '[') return { ok: true, payload: { kind: 'text', text: trimmed } };
  const json = parseBoundedJson(trimmed);
  if (json.ok) return { ok: true, payload: { kind: 'json', value: json.value, text: trimmed } };
  if (json.reason === 'syntax' && !strict) return { ok: true, payload: { kind: 'text', text: trimmed } };
  return { ok: false, failure: { code: 'HALONG_PARSE_JSON', message: json.message } };
}

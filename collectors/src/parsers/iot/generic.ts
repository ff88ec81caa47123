// Any other topic: a JSON object is kept as iot.payload, other UTF-8 text as the message,
// other bytes as base64 (no convention says they should be text).
import { isJsonObject } from './bounded-json';
import type { ReadingOutcome } from './iot-event';
import { payloadText, readPayload } from './payload';

/** Payloads of unknown topics longer than this are kept as base64 only up to it. */
export const GENERIC_MAX_BASE64_BYTES = 16_384;

/** A message of a topic no convention claims, as a reading. */
export function readGeneric(payload: Uint8Array): ReadingOutcome {
  const text = payloadText(payload);
  if (text === undefined) {
    const kept = payload.subarray(0, GENERIC_MAX_BASE64_BYTES);
    return {
      ok: true,
      reading: {
        convention: 'mqtt',
        kind: 'event',
        details: { payload_base64: Buffer.from(kept).toString('base64'), payload_bytes: payload.length, ...(kept.length < payload.length ? { payload_truncated: true } : {}) },
      },
    };
  }
  const read = readPayload(text, false);
  if (!read.ok) return read;
  if (read.payload.kind === 'json' && isJsonObject(read.payload.value)) {
    return { ok: true, reading: { convention: 'mqtt', kind: 'event', details: { payload: read.payload.value } } };
  }
  return { ok: true, reading: { convention: 'mqtt', kind: 'event', details: {}, message: read.payload.text } };
}

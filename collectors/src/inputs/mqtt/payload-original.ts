// event.original must be text, MQTT payloads are bytes. Valid UTF-8 stays as it is; anything
// else, and every Sparkplug B payload (Protocol Buffers, which small payloads can pass for
// UTF-8 by accident), becomes `base64:` + base64. Text that itself starts with the prefix is
// encoded too, so a reader can always tell the two apart by the prefix alone.

/** Prefix of an event.original that holds the payload bytes in base64. */
export const BASE64_ORIGINAL_PREFIX = 'base64:';

/**
 * The payload as event.original text. With `partial`, the bytes are a head cut from a larger
 * payload: a character split by the cut is left out rather than turning the text into base64.
 */
export function payloadOriginal(payload: Uint8Array, options: { binary: boolean; partial?: boolean }): string {
  if (!options.binary) {
    try {
      // A decoder per call: in stream mode it keeps state, and the BOM is kept as the sender sent it.
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(payload, { stream: options.partial === true });
      if (!text.startsWith(BASE64_ORIGINAL_PREFIX)) return text;
    } catch {
      // Not UTF-8: base64 below.
    }
  }
  return BASE64_ORIGINAL_PREFIX + Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64');
}

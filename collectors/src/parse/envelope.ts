// What every event carries whatever its format, added after parsing: a 128-bit event.id set
// here once (ARCHITECTURE.md: the first Halong hop names the event, every later hop keeps the
// name), event.original cut to a bound, event.ingested, observer.* (the collector that received
// it) and labels.site. A message that does not parse is kept the same way, tagged, with why.
import { hash } from 'node:crypto';
import type { EcsEvent } from '@halong/core';
import type { ParsedEvent, ParseFailure } from './types';

/** Tag of an event whose message could not be parsed (kept with its original and the reason). */
export const PARSE_FAILURE_TAG = '_halong_parse_failure';
/** Tag of an event whose event.original was cut at the configured bound. */
export const ORIGINAL_TRUNCATED_TAG = '_halong_original_truncated';
/** Dataset of events whose format could not be read. */
export const UNPARSED_DATASET = 'halong.unparsed';

/** Who received the message and from whom. */
export interface EnvelopeContext {
  /** The observer when the parser names none: the sending collector or device (SPIFFE id, name, kind), or this collector. */
  observer: { id: string; name?: string; type?: string; hostname?: string; vendor?: string; product?: string };
  /** The site (commune, ward, hospital …) the source belongs to. */
  site?: string;
  /** The sender as the input identified it: certificate SPIFFE id, address, MQTT topic, file path. */
  sourceId: string;
  /** When the collector received the message (epoch ms). */
  receivedAt: number;
  /** The sender's or the input's position (file offset, record number), so equal lines at one instant stay distinct. */
  sequence?: string | number;
  /**
   * A name the sender gave the message (a `_bulk` document's `_id`): the id then hashes the
   * sender, this name and the text, not the receive time, so a re-sent message is the same event.
   */
  senderKey?: string;
  /** event.original is cut to this many UTF-8 bytes and tagged. */
  maxOriginalBytes: number;
}

/**
 * The event id of a message: 128 bits of SHA-256 over the source identity, the receive time,
 * the sequence and the original text. Deterministic, so an input that replays its spool or a
 * file tail that re-reads a line names the event the same and the sink's `create` drops it.
 */
export function eventId(sourceId: string, receivedAt: number, sequence: string | number | undefined, original: string): string {
  // One-shot hash of the same bytes the streaming form hashed (ids must not change between
  // versions, or a spool replayed after an upgrade would index its events twice): the JSON
  // array [sourceId, receivedAt, sequence ?? null], a newline, the original.
  return hash('sha256', `${idPrefix(sourceId, receivedAt)}${jsonItem(sequence ?? null)}]\n${original}`, 'hex').slice(0, 32);
}

// Messages of one read share their source and receive time: `[<source>,<time>,` is written
// once for them, not once per event.
let lastSourceId = '';
let lastIdReceivedAt = NaN;
let lastIdPrefix = '';
function idPrefix(sourceId: string, receivedAt: number): string {
  // Object.is: NaN (written as null) must match itself, and 0 and -0 are written alike anyway.
  if (sourceId !== lastSourceId || !Object.is(receivedAt, lastIdReceivedAt) || lastIdPrefix === '') {
    lastIdPrefix = `[${jsonItem(sourceId)},${jsonItem(receivedAt)},`;
    lastSourceId = sourceId;
    lastIdReceivedAt = receivedAt;
  }
  return lastIdPrefix;
}

// An array item as JSON.stringify writes it: what has no JSON form is null there.
function jsonItem(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

// Messages of one read share their receive time; toISOString costs as much as the hash.
let lastReceivedAt = NaN;
let lastIngested = '';
function ingestedAt(receivedAt: number): string {
  if (receivedAt !== lastReceivedAt) {
    lastIngested = new Date(receivedAt).toISOString();
    lastReceivedAt = receivedAt;
  }
  return lastIngested;
}

/**
 * A parsed event with its envelope. Takes `parsed` over and completes it in place (a parser's
 * result is fresh; copying every field of every event was a third of the envelope's cost).
 */
export function envelope(parsed: ParsedEvent, original: string, ctx: EnvelopeContext): EcsEvent {
  // Most originals fit (see boundText); they need no result object.
  const bounded = original.length * 3 <= ctx.maxOriginalBytes ? undefined : boundText(original, ctx.maxOriginalBytes);
  const out = parsed as unknown as EcsEvent;
  // event, observer and labels are new objects: a parser may share constant parts between
  // events. Object.assign, not spread: parsers give many shapes, and V8's spread of a
  // megamorphic source is several times slower.
  const event = Object.assign({}, parsed.event) as EcsEvent['event'];
  event.id = ctx.senderKey !== undefined ? eventId(ctx.sourceId, 0, `key:${ctx.senderKey}`, original) : eventId(ctx.sourceId, ctx.receivedAt, ctx.sequence, original);
  event.original = bounded ? bounded.text : original;
  event.ingested = ingestedAt(ctx.receivedAt);
  out.event = event;
  // The device a parser recognised (a firewall's type, vendor, product) describes the observer
  // better than the collector can; the collector fills in what the parser left unset.
  out.observer = Object.assign({}, ctx.observer, parsed.observer);
  const labels = Object.assign({}, parsed.labels) as Record<string, unknown>;
  if (ctx.site !== undefined) labels.site = ctx.site;
  out.labels = labels as EcsEvent['labels'];
  const tags = Array.isArray(parsed.tags) ? parsed.tags : [];
  if (bounded?.truncated) out.tags = [...tags, ORIGINAL_TRUNCATED_TAG];
  else if (tags.length > 0) out.tags = [...tags];
  return out;
}

/** A message that did not parse, kept: its original, the reason, a tag, at the receive time. */
export function unparsedEvent(original: string, why: ParseFailure, ctx: EnvelopeContext, dataset = UNPARSED_DATASET): EcsEvent {
  return envelope(
    {
      '@timestamp': new Date(ctx.receivedAt).toISOString(),
      event: { kind: 'pipeline_error', dataset, module: 'halong' },
      error: { code: why.code, message: why.message },
      tags: [PARSE_FAILURE_TAG],
    },
    original,
    ctx,
  );
}

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
export function boundText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  // Every UTF-16 unit is at most 3 UTF-8 bytes: most texts need no encoding to know they fit.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so the cut falls on a character boundary.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}

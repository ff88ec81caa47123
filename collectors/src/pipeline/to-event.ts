// One received message to one event, the same for every input: parse it, or keep it with the
// reason; flag what the input had to do to it (cut at the size bound, invalid UTF-8 replaced);
// pseudonymise personal data last, so no copy of it leaves the collector.
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../parse/envelope';
import { envelope, unparsedEvent } from '../parse/envelope';
import type { SourceContext, TextParser } from '../parse/types';

/** Tag of an event whose message was cut at the input's size bound. */
export const MESSAGE_TRUNCATED_TAG = '_halong_message_truncated';
/** Tag of an event whose bytes were not valid UTF-8 (replacement characters stand in). */
export const INVALID_UTF8_TAG = '_halong_invalid_utf8';

/** A message as an input framed it. */
export interface ReceivedMessage {
  text: string;
  truncated?: boolean;
  invalidUtf8?: boolean;
}

/** Turns messages into events for one input. */
export interface EventMaker {
  parse: TextParser;
  /** Applied to every event before it is shipped (personal-data pseudonymisation). */
  redact?: (event: EcsEvent) => EcsEvent;
}

/** The event for one message. */
export function toEvent(message: ReceivedMessage, source: SourceContext, ctx: EnvelopeContext, maker: EventMaker): EcsEvent {
  const outcome = message.text.length === 0 ? undefined : maker.parse(message.text, source);
  const event =
    outcome === undefined
      ? unparsedEvent(message.text, { code: 'HALONG_PARSE_EMPTY', message: 'The message is empty.' }, ctx)
      : outcome.ok
        ? envelope(outcome.event, message.text, ctx)
        : unparsedEvent(message.text, outcome.failure, ctx);
  if (message.truncated || message.invalidUtf8) {
    const tags = [...(event.tags ?? [])];
    if (message.truncated) tags.push(MESSAGE_TRUNCATED_TAG);
    if (message.invalidUtf8) tags.push(INVALID_UTF8_TAG);
    event.tags = tags;
  }
  return maker.redact ? maker.redact(event) : event;
}

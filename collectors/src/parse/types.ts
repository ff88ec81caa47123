// The contract between inputs and parsers. An input frames bytes into messages and knows where
// they came from; a parser turns one message into ECS, or says why it cannot; the envelope
// (envelope.ts) then adds what every event carries: event.id, event.original, event.ingested,
// observer.* and labels.site. Parsers are pure: no I/O, no clock (the receive time is given).
import type { EcsEvent, EcsEventFields } from '@halong/core';
import type { ParseErrorCode } from './errors';

/** Where a message came from, as the input knows it. */
export interface SourceContext {
  /** Zone of timestamps that carry none: an IANA name, `UTC` or ±HH:MM (default Asia/Ho_Chi_Minh). */
  timeZone: string;
  /** When the collector received the message (epoch ms); also the year of formats without one. */
  receivedAt: number;
  /** The sender's address (syslog, HTTP), when known. */
  address?: string;
  /** The MQTT topic or file path the message came from. */
  topic?: string;
}

// Omit<> would flatten EcsEvent's named fields into its index signature; a key-remapping mapped
// type keeps them.
type Without<T, K extends PropertyKey> = { [P in keyof T as P extends K ? never : P]: T[P] };

/** An event as a parser makes it: ECS without the envelope's fields (event.id above all). */
export type ParsedEvent = Without<EcsEvent, 'event'> & { event: Without<EcsEventFields, 'id'> };

/** Why a message could not be parsed: a stable code and a sentence for the dead-letter record. */
export interface ParseFailure {
  code: ParseErrorCode;
  message: string;
}

/** The result of parsing one message. */
export type ParseOutcome = { ok: true; event: ParsedEvent } | { ok: false; failure: ParseFailure };

/** A stateless parser of one text message. */
export type TextParser = (text: string, source: SourceContext) => ParseOutcome;

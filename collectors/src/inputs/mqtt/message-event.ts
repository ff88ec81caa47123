// One MQTT message to one event: parsed by its topic's convention, or kept unparsed with the
// reason and iot.topic (so the device is still known); a payload over the bound is kept the same
// way, tagged, its head only in event.original. Personal data is pseudonymised last.
//
// event.id: the receive time and the input's message counter make it unique, and the topic is
// hashed with them. That id is NOT stable across a redelivery (a QoS 1 message the broker sends
// again because its PUBACK never arrived gets a new receive time). Sparkplug B payloads carry
// what a stable id needs: the edge node's timestamp (ms) and seq (0–255, per message); those,
// the topic and the bytes name the message whenever it arrives.
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../../parse/envelope';
import { envelope, eventId, unparsedEvent } from '../../parse/envelope';
import type { ParsedEvent } from '../../parse/types';
import { IOT_MAX_PAYLOAD_BYTES, SPARKPLUG_NAMESPACE, parseIotMessage } from '../../parsers/iot';
import { payloadOriginal } from './payload-original';

/** Tag of an event whose payload was larger than the input's bound: kept unparsed, not dropped. */
export const MQTT_OVERSIZED_TAG = '_halong_mqtt_oversized';

/** What every event of one MQTT input shares. */
export interface MqttEventContext {
  /** `mqtt:<clientId>@<host>:<port>`. */
  sourceId: string;
  /** This collector. */
  observer: EnvelopeContext['observer'];
  site?: string;
  timeZone: string;
  maxOriginalBytes: number;
  /** Larger payloads are not parsed (never more than the IoT parser's own bound). */
  maxPayloadBytes: number;
  redact?: (event: EcsEvent) => EcsEvent;
}

/** How a message became its event. */
export type MqttEventOutcome = 'parsed' | 'unparsed' | 'oversized';

/** A received message. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  /** Epoch ms. */
  receivedAt: number;
  /** The input's counter: equal payloads on one topic in one millisecond stay distinct. */
  sequence: number;
}

/** The event of one message, and how it was made. */
export function mqttMessageEvent(message: MqttMessage, ctx: MqttEventContext): { event: EcsEvent; outcome: MqttEventOutcome } {
  const { topic, payload, receivedAt } = message;
  const envelopeCtx: EnvelopeContext = {
    observer: ctx.observer,
    ...(ctx.site !== undefined ? { site: ctx.site } : {}),
    sourceId: ctx.sourceId,
    receivedAt,
    sequence: `${message.sequence} ${topic}`,
    maxOriginalBytes: ctx.maxOriginalBytes,
  };
  const binary = isSparkplugBinaryTopic(topic);
  const limit = Math.min(ctx.maxPayloadBytes, IOT_MAX_PAYLOAD_BYTES);
  let event: EcsEvent;
  let outcome: MqttEventOutcome;

  if (payload.length > limit) {
    // Only the head can end up in event.original: a few bytes past the bound let the envelope
    // see, and tag, the cut.
    const head = payload.subarray(0, ctx.maxOriginalBytes + 4);
    const original = payloadOriginal(head, { binary, partial: head.length < payload.length });
    const why = { code: 'HALONG_PARSE_TOO_LARGE' as const, message: `The MQTT payload on ${topic} has ${payload.length} bytes; at most ${limit} are parsed.` };
    event = withTopic(unparsedEvent(original, why, envelopeCtx), topic);
    event.tags = [...(event.tags ?? []), MQTT_OVERSIZED_TAG];
    outcome = 'oversized';
  } else {
    const original = payloadOriginal(payload, { binary });
    const parsed = parseIotMessage(payload, { timeZone: ctx.timeZone, receivedAt, topic });
    if (parsed.ok) {
      event = envelope(parsed.event, original, envelopeCtx);
      const stable = sparkplugKey(parsed.event, topic);
      if (stable !== undefined) event.event.id = eventId(ctx.sourceId, 0, stable, original);
      outcome = 'parsed';
    } else {
      event = withTopic(unparsedEvent(original, parsed.failure, envelopeCtx), topic);
      outcome = 'unparsed';
    }
  }
  return { event: ctx.redact ? ctx.redact(event) : event, outcome };
}

/** True for Sparkplug B topics whose payloads are Protocol Buffers (all but STATE). */
export function isSparkplugBinaryTopic(topic: string): boolean {
  const levels = topic.split('/');
  return levels[0] === SPARKPLUG_NAMESPACE && levels.length >= 3 && levels[1] !== 'STATE';
}

function withTopic(event: EcsEvent, topic: string): EcsEvent {
  return { ...event, iot: { topic } };
}

// The sequence part of a Sparkplug message's stable id, when its payload has both timestamp and seq.
function sparkplugKey(parsed: ParsedEvent, topic: string): string | undefined {
  const details = (parsed.iot as { sparkplug?: { timestamp?: unknown; seq?: unknown } } | undefined)?.sparkplug;
  const { timestamp, seq } = details ?? {};
  const known = (v: unknown) => typeof v === 'number' || typeof v === 'string';
  return isSparkplugBinaryTopic(topic) && known(timestamp) && known(seq) ? `sparkplug ${topic} ${String(timestamp)} ${String(seq)}` : undefined;
}

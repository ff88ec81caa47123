// The ECS shape shared by every MQTT convention: event.* from the action, the device as
// device.id/host.name, the topic and the decoded payload under iot.*.
import type { ParsedEvent, ParseFailure, SourceContext } from '../../parse/types';

/** event.module of MQTT/IoT events. */
export const IOT_MODULE = 'iot';

/** The conventions recognised from the topic; `mqtt` is any other topic. */
export type IotConvention = 'tasmota' | 'zigbee2mqtt' | 'sparkplug' | 'mqtt';

/** What a convention reader found in one message. */
export interface IotReading {
  convention: IotConvention;
  /** telemetry, state, birth, death, command, availability, log, or a bridge event type. */
  action?: string;
  kind: 'event' | 'metric' | 'state';
  category?: string[];
  type?: string[];
  outcome?: 'success' | 'failure' | 'unknown';
  /** The payload's own time (epoch ms), already checked for plausibility. */
  time?: number;
  deviceId?: string;
  hostName?: string;
  /** iot.<convention>.* (iot.* itself for `mqtt`). */
  details: Record<string, unknown>;
  message?: string;
  logLevel?: string;
}

/** A reading, or why the message does not follow its topic's convention. */
export type ReadingOutcome = { ok: true; reading: IotReading } | { ok: false; failure: ParseFailure };

/** The ECS event of a reading. */
export function iotEvent(topic: string, source: SourceContext, reading: IotReading): ParsedEvent {
  const iot: Record<string, unknown> =
    reading.convention === 'mqtt' ? { topic, ...reading.details } : { topic, [reading.convention]: reading.details };
  return {
    '@timestamp': new Date(reading.time ?? source.receivedAt).toISOString(),
    event: {
      kind: reading.kind,
      module: IOT_MODULE,
      dataset: `${IOT_MODULE}.${reading.convention}`,
      ...(reading.action !== undefined ? { action: reading.action } : {}),
      ...(reading.category ? { category: reading.category } : {}),
      ...(reading.type ? { type: reading.type } : {}),
      ...(reading.outcome ? { outcome: reading.outcome } : {}),
    },
    ...(reading.message !== undefined ? { message: reading.message } : {}),
    ...(reading.logLevel !== undefined ? { log: { level: reading.logLevel } } : {}),
    ...(reading.deviceId !== undefined ? { device: { id: reading.deviceId } } : {}),
    ...(reading.hostName !== undefined ? { host: { name: reading.hostName } } : {}),
    iot,
  };
}

/** event.category/type of a device coming up or going down. */
export function availabilityFields(online: boolean | undefined): Pick<IotReading, 'category' | 'type'> {
  return online === undefined ? { category: ['host'], type: ['info'] } : { category: ['host'], type: [online ? 'start' : 'end'] };
}

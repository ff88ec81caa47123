// The public entry point: one Windows event in any supported shape → one Halong ECS event.
import type { EcsEvent } from '@halong/core';
import { buildEcs } from './build-ecs';
import { deterministicEventId, stableJson } from './event-id';
import { parseInput, readWindowsEvent } from './read-input';
import { DEFAULT_TIME_ZONE, checkTimeZone } from './timestamps';

/** Options of {@link normalizeWindowsEvent}. */
export interface NormalizeWindowsOptions {
  /**
   * `event.id` assigned by the first Halong hop (collector or edge forwarder). When absent the
   * id is a hash of the original text (or of the input's canonical JSON), so replays of the same
   * record get the same id.
   */
  eventId?: string;
  /** The record's text as received; becomes `event.original`. A string input is its own original. */
  original?: string;
  /** Zone of zone-less timestamps (NXLog's EventTime): an IANA name or ±HH:MM. Default Asia/Ho_Chi_Minh. */
  timeZone?: string;
  /** Clock for records without any timestamp (default: now). */
  now?: () => Date;
}

/**
 * Normalizes one Windows event — evtx_dump JSON (`Event.System`/`Event.EventData`), Winlogbeat
 * (`winlog.*`) or NXLog's flat JSON, as an object or as JSON text — into Halong's ECS layout:
 * `event.*` (code as a string, module `windows`, dataset `windows.<channel>`, categorization for
 * Sysmon and Security ids), `host.name`, `winlog.*`, and the ECS fieldsets Sigma rules need
 * (`process`, `user`, `file`, `dll`, `registry`, `source`/`destination`/`network`, `dns`,
 * `service`, `powershell`). EventData without an ECS home stays under `winlog.event_data`.
 *
 * @throws WindowsEventError (`HALONG_WINDOWS_*`) when the input is not a Windows event.
 */
export function normalizeWindowsEvent(input: unknown, options: NormalizeWindowsOptions = {}): EcsEvent {
  const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(zone);
  const { record, text } = parseInput(input);
  const raw = readWindowsEvent(record, zone);
  const now = options.now ?? (() => new Date());
  const doc = buildEcs(raw, () => now().toISOString());
  const original = options.original ?? text ?? raw.original;
  const event = doc.event as Record<string, unknown>;
  event.id = options.eventId ?? deterministicEventId(original ?? stableJson(record));
  if (original !== undefined) event.original = original;
  return doc as unknown as EcsEvent;
}

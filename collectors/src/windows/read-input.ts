// Recognises which renderer produced an input and reads it into a RawWindowsEvent.
import { WindowsEventError } from './errors';
import { evtxRoot, parseEvtx } from './parse-evtx';
import { isNxlog, parseNxlog } from './parse-nxlog';
import { parseWinlogbeat, winlogbeatRoot } from './parse-winlogbeat';
import type { RawWindowsEvent } from './raw-event';
import { asObject } from './raw-event';

/** The input as an object, and its original text when it came as text. */
export function parseInput(input: unknown): { record: Record<string, unknown>; text?: string } {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const text = input.toString();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new WindowsEventError('HALONG_WINDOWS_NOT_JSON', undefined, { cause });
    }
    const record = asObject(parsed);
    if (!record) throw new WindowsEventError('HALONG_WINDOWS_UNKNOWN_SHAPE', 'The JSON text is not an object.');
    return { record, text };
  }
  const record = asObject(input);
  if (!record) throw new WindowsEventError('HALONG_WINDOWS_UNKNOWN_SHAPE', 'The input is not a JSON object.');
  return { record };
}

/** Reads a Windows event in any of the three shapes; throws WindowsEventError otherwise. */
export function readWindowsEvent(record: Record<string, unknown>, zone: string): RawWindowsEvent {
  const evtx = evtxRoot(record);
  const winlog = evtx ? undefined : winlogbeatRoot(record);
  let raw: RawWindowsEvent;
  if (evtx) raw = parseEvtx(evtx, zone);
  else if (winlog) raw = parseWinlogbeat(record, winlog, zone);
  else if (isNxlog(record)) raw = parseNxlog(record, zone);
  else throw new WindowsEventError('HALONG_WINDOWS_UNKNOWN_SHAPE');
  if (!Number.isInteger(raw.eventId) || raw.eventId < 0 || raw.eventId > 65535) {
    throw new WindowsEventError('HALONG_WINDOWS_BAD_EVENT_ID', `The ${raw.shape} event has no EventID between 0 and 65535.`);
  }
  return raw;
}

import type { EcsEvent } from '@halong/core';
import { normalizeWindowsEvent, parseConcatenatedJson } from '@halong/collectors';

type Read = { ecs: EcsEvent } | { error: string };

function toEvent(value: unknown, where: string): Read {
  const v = value as { event?: { id?: unknown }; '@timestamp'?: unknown };
  if (typeof v === 'object' && v !== null && typeof v.event?.id === 'string' && typeof v['@timestamp'] === 'string' && !('winlog' in v)) {
    return { ecs: v as EcsEvent };
  }
  try {
    return { ecs: normalizeWindowsEvent(value) };
  } catch (err) {
    return { error: `${where} is neither an ECS event with event.id nor a Windows event: ${(err as Error).message}` };
  }
}

/**
 * Events for `halong sigma test`: JSON lines (a bad line is reported, the others still run) or
 * concatenated JSON as evtx_dump writes it. ECS events are used as they are; Windows events in any
 * shape the collectors know go through the Windows normalizer.
 */
export function readEvents(text: string, file: string): Read[] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  let jsonLines = true;
  try {
    JSON.parse(lines[first] ?? '');
  } catch {
    jsonLines = false;
  }
  if (!jsonLines) return parseConcatenatedJson(text).map((value, i) => toEvent(value, `${file} #${i + 1}`));
  return lines.flatMap((line, i): Read[] => {
    if (line.trim() === '') return [];
    try {
      return [toEvent(JSON.parse(line) as unknown, `${file}:${i + 1}`)];
    } catch (err) {
      return [{ error: `${file}:${i + 1} is not JSON: ${(err as Error).message}` }];
    }
  });
}

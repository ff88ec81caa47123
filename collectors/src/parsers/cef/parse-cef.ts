// The CEF TextParser: decode, then map to ECS. Pure and total: any text gives an outcome.
import { failure } from '../../parse/errors';
import type { TextParser } from '../../parse/types';
import { readExtension } from './extension';
import { splitCef } from './header';
import { SlottedExtension } from './key-slots';
import { prefixHost } from './syslog-prefix';
import { slottedToEcs } from './to-ecs';

/**
 * Parses one ArcSight CEF message, with or without a syslog prefix, to ECS
 * (`event.module: cef`, `event.dataset: cef`). Never throws: text that is not CEF gives
 * HALONG_PARSE_CEF, empty text HALONG_PARSE_EMPTY.
 */
export const parseCef: TextParser = (text, source) => {
  if (isBlankText(text)) return failure('HALONG_PARSE_EMPTY');
  try {
    // decodeCef then cefToEcs, without a pair object per extension pair.
    const split = splitCef(text);
    if ('error' in split) return failure('HALONG_PARSE_CEF', `Not CEF: ${split.error}`);
    const host = split.prefix ? prefixHost(split.prefix) : undefined;
    const slotted = new SlottedExtension();
    readExtension(split.extension, slotted);
    return { ok: true, event: slottedToEcs(split.header, slotted, host, source) };
  } catch (error) {
    // A bug here must become a dead letter with a reason, not an exception that stops the input.
    return failure('HALONG_PARSE_CEF', `CEF message could not be mapped: ${error instanceof Error ? error.message : String(error)}.`);
  }
};

// text.trim() === '' without copying the text: a message almost always starts with a printable character.
function isBlankText(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return text.trim().length === 0;
}

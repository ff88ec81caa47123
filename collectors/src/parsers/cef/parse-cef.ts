// The CEF TextParser: decode, then map to ECS. Pure and total: any text gives an outcome.
import { failure } from '../../parse/errors';
import type { TextParser } from '../../parse/types';
import { decodeCef } from './decode';
import { cefToEcs } from './to-ecs';

/**
 * Parses one ArcSight CEF message, with or without a syslog prefix, to ECS
 * (`event.module: cef`, `event.dataset: cef`). Never throws: text that is not CEF gives
 * HALONG_PARSE_CEF, empty text HALONG_PARSE_EMPTY.
 */
export const parseCef: TextParser = (text, source) => {
  if (text.trim().length === 0) return failure('HALONG_PARSE_EMPTY');
  try {
    const decoded = decodeCef(text);
    if (!decoded.ok) return failure('HALONG_PARSE_CEF', `Not CEF: ${decoded.reason}`);
    const { header, extensions, host } = decoded.record;
    return { ok: true, event: cefToEcs(header, extensions, host, source) };
  } catch (error) {
    // A bug here must become a dead letter with a reason, not an exception that stops the input.
    return failure('HALONG_PARSE_CEF', `CEF message could not be mapped: ${error instanceof Error ? error.message : String(error)}.`);
  }
};

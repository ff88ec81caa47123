// CEF text to its parts, without any ECS: the header, the extension pairs and the syslog
// prefix's host. Kept apart from the mapping so other consumers (a CEF-over-HTTP input, tests)
// can read CEF without taking Halong's ECS choices.
import type { ExtensionPair } from './extension';
import { parseExtension } from './extension';
import type { CefHeader } from './header';
import { splitCef } from './header';
import { prefixHost } from './syslog-prefix';

/** A decoded CEF message. */
export interface CefRecord {
  header: CefHeader;
  /** Extension pairs in order, keys as sent, values unescaped. */
  extensions: ExtensionPair[];
  /** The host of a syslog prefix before `CEF:`, when the prefix has a simple form. */
  host?: string;
}

/** The parts of a CEF message, or a sentence saying why the text is not CEF. */
export function decodeCef(text: string): { ok: true; record: CefRecord } | { ok: false; reason: string } {
  const split = splitCef(text);
  if ('error' in split) return { ok: false, reason: split.error };
  const host = split.prefix ? prefixHost(split.prefix) : undefined;
  const record: CefRecord = { header: split.header, extensions: parseExtension(split.extension) };
  if (host !== undefined) record.host = host;
  return { ok: true, record };
}

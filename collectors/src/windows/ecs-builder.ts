// Small helpers the provider mappings share: writing dotted ECS paths into a nested event and
// splitting Windows values (paths, DOMAIN\user, Sysmon hash lists) into their ECS parts.
import { isIP } from 'node:net';
import type { EventDataValue } from './raw-event';

/** A nested ECS document under construction. */
export type EcsDoc = Record<string, unknown>;

/** Sets `value` at a dotted path, creating objects on the way; undefined values are skipped. */
export function setPath(doc: EcsDoc, path: string, value: unknown): void {
  if (value === undefined) return;
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as EcsDoc;
  }
  node[parts[parts.length - 1]] = value;
}

/** The value at a dotted path, or undefined. */
export function getPath(doc: EcsDoc, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as EcsDoc)[part];
  }
  return node;
}

/** The single text of an EventData value (the first one of a multi-valued field). */
export function single(value: EventDataValue | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The last segment of a Windows path (`C:\\a\\b.exe` → `b.exe`), undefined when it is empty. */
export function baseName(path: string): string | undefined {
  return path.slice(path.lastIndexOf('\\') + 1) || undefined;
}

/** ECS file parts of a Windows path: name, directory and extension (without the dot). */
export function fileParts(path: string): { name?: string; directory?: string; extension?: string } {
  const cut = path.lastIndexOf('\\');
  if (cut < 0) return {};
  const name = path.slice(cut + 1);
  const dot = name.lastIndexOf('.');
  return {
    name: name || undefined,
    directory: path.slice(0, cut) || undefined,
    extension: dot > 0 && dot < name.length - 1 ? name.slice(dot + 1) : undefined,
  };
}

/** `DOMAIN\user` → its parts; a value without a backslash is a bare user name. */
export function splitUser(value: string | undefined): { name?: string; domain?: string } {
  if (!value || value === '-') return {};
  const cut = value.indexOf('\\');
  return cut < 0 ? { name: value } : { domain: value.slice(0, cut) || undefined, name: value.slice(cut + 1) || undefined };
}

/**
 * Sysmon's `SHA1=..,MD5=..,SHA256=..,IMPHASH=..` as ECS hashes (lower-case, as ECS stores them);
 * all-zero hashes (Sysmon's "not computed") are left out.
 */
export function parseHashes(value: string | undefined): { hash: Record<string, string>; imphash?: string } {
  const hash: Record<string, string> = {};
  let imphash: string | undefined;
  for (const part of (value ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const algo = part.slice(0, eq).trim().toLowerCase();
    const digest = part.slice(eq + 1).trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(digest) || /^0+$/.test(digest)) continue;
    if (algo === 'imphash') imphash = digest;
    else if (/^(md5|sha1|sha256|sha384|sha512)$/.test(algo)) hash[algo] = digest;
  }
  return { hash, imphash };
}

/** An IP address as ECS stores it; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4. */
export function ecsIp(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIP(v) ? v : undefined;
}

/** A TCP/UDP port (0–65535), or undefined for `-` and other text. */
export function port(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n < 65536 ? n : undefined;
}

/** Appends to an ECS array field, creating it; keeps values unique. */
export function appendTo(doc: EcsDoc, path: string, ...values: string[]): void {
  const current = getPath(doc, path);
  const list = Array.isArray(current) ? (current as string[]) : [];
  for (const v of values) if (!list.includes(v)) list.push(v);
  setPath(doc, path, list);
}

// The extension keys the ECS mapping reads, as indexes into one array per message. Each key a
// sender may use (short name, full name, `receiptTime`) resolves to its slot once, when this
// module loads, so a message costs one map lookup per pair and the mapping reads by index
// instead of building a name → value map and looking up ~60 names in it.
import { CUSTOM_SLOTS, SHORT_NAME_OF, shortKey } from './dictionary';
import type { ExtensionPair, ExtensionSink } from './extension';

// Short names only; what is not in the dictionary (reason, deviceDirection …) is its own short name.
const READ = [
  'act', 'outcome', 'categoryOutcome', 'reason', 'msg', 'rt', 'end', 'start', 'dtz',
  'dvc', 'dvchost', 'dvcmac', 'deviceExternalId', 'deviceInboundInterface', 'deviceOutboundInterface',
  'src', 'shost', 'spt', 'smac', 'suser', 'suid', 'sntdom',
  'dst', 'dhost', 'dpt', 'dmac', 'duser', 'duid', 'dntdom',
  'sourceTranslatedAddress', 'sourceTranslatedPort', 'destinationTranslatedAddress', 'destinationTranslatedPort',
  'proto', 'app', 'deviceDirection', 'in', 'out',
  'request', 'requestMethod', 'requestContext', 'requestClientApplication', 'fname', 'filePath', 'fsize',
] as const;

/** A dictionary key the ECS mapping reads, by its short name. */
export type SlotName = (typeof READ)[number];

/** The slot of each key the mapping reads. */
export const SLOT: Readonly<Record<SlotName, number>> = Object.fromEntries(READ.map((name, i) => [name, i])) as Record<SlotName, number>;

/** Where each custom field's label and value are in SlottedExtension.custom, in CUSTOM_SLOTS order. */
export const CUSTOM_FIELD_SLOTS: readonly (readonly [label: number, value: number])[] = CUSTOM_SLOTS.map((_slot, i) => [2 * i, 2 * i + 1] as const);

// Slots from READ.length on are custom ones (custom index + READ.length).
const CUSTOM_BASE = READ.length;
const slotOfShort = new Map<string, number>(READ.map((name, i) => [name, i]));
CUSTOM_SLOTS.forEach(([short], i) => {
  slotOfShort.set(`${short}Label`, CUSTOM_BASE + 2 * i);
  slotOfShort.set(short, CUSTOM_BASE + 2 * i + 1);
});

// Every name that shortKey turns into a read short name: the short names that are not
// themselves some other key's full name, and the other names of read keys.
const SLOT_OF = new Map<string, number>();
for (const [name, slot] of slotOfShort) if (shortKey(name) === name) SLOT_OF.set(name, slot);
for (const [other, short] of SHORT_NAME_OF) {
  const slot = slotOfShort.get(short);
  if (slot !== undefined) SLOT_OF.set(other, slot);
}

// Keys as senders write them, each with its slot and the key as an internalized string: a key
// cut from a message is a fresh string, and storing a property under a fresh string makes V8
// look it up in its string table every time. Bounded in count and length (keys come from
// senders); past the bound a key takes the plain path.
interface KnownKey {
  readonly name: string;
  readonly slot: number | undefined;
}
const KNOWN = new Map<string, KnownKey>();
const KNOWN_LIMIT = 4096;
const KNOWN_KEY_LENGTH = 64;

function knownKey(key: string): KnownKey | undefined {
  if (key.length > KNOWN_KEY_LENGTH) return undefined;
  let known = KNOWN.get(key);
  if (known === undefined) {
    // A computed key in a literal is an own property, `__proto__` too; Object.keys gives it back internalized.
    known = { name: Object.keys({ [key]: 0 })[0]!, slot: SLOT_OF.get(key) };
    if (KNOWN.size >= KNOWN_LIMIT) KNOWN.clear();
    KNOWN.set(known.name, known);
  }
  return known;
}

// Copied per message, so every values array has one shape.
const NO_VALUES: (string | undefined)[] = new Array<string | undefined>(READ.length).fill(undefined);
const NO_CUSTOM: (string | undefined)[] = new Array<string | undefined>(2 * CUSTOM_SLOTS.length).fill(undefined);

/** A message's extension as cef.extensions keeps it, and the values the mapping reads by slot. */
export class SlottedExtension implements ExtensionSink {
  /** Every pair, keys as sent; a repeated key keeps its first position and its last value. */
  readonly extensions: Record<string, string> = {};
  /** By slot; an empty value (`cs3= fname=`) is "not set" for ECS, and the later pair wins. */
  readonly values: (string | undefined)[] = NO_VALUES.slice();
  /** Custom field labels and values (CUSTOM_FIELD_SLOTS), as `values`; made when the first arrives. */
  custom: (string | undefined)[] | undefined = undefined;

  pair(key: string, value: string): void {
    const known = knownKey(key);
    const name = known === undefined ? key : known.name;
    // Keys come from the sender: `__proto__` must become data (as setField in text-scan.ts
    // does, written out here because this runs for every pair of every message).
    if (name === '__proto__') Object.defineProperty(this.extensions, name, { value, enumerable: true, writable: true, configurable: true });
    else this.extensions[name] = value;
    const slot = known === undefined ? SLOT_OF.get(key) : known.slot;
    if (slot === undefined) return;
    const set = value === '' ? undefined : value;
    if (slot < CUSTOM_BASE) this.values[slot] = set;
    else (this.custom ??= NO_CUSTOM.slice())[slot - CUSTOM_BASE] = set;
  }
}

/** Decoded pairs sorted into cef.extensions and slots. */
export function slotPairs(pairs: readonly ExtensionPair[]): SlottedExtension {
  const slotted = new SlottedExtension();
  for (let i = 0; i < pairs.length; i++) slotted.pair(pairs[i]!.key, pairs[i]!.value);
  return slotted;
}

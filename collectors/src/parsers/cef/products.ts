// Which CEF producers are network firewalls. Their events get `event.category: network` and
// `observer.type: firewall`, which is how the network pipeline routes Sigma's `firewall`
// logsource; anything else keeps neither rather than be guessed into it. Vendors spell
// themselves inconsistently (`CISCO`, `Fortigate`/`FortiGate`), hence case-insensitive tests.

const FIREWALLS: readonly (readonly [vendor: RegExp, product: RegExp])[] = [
  [/^fortinet\b/i, /^forti(?:gate|os)\b/i],
  [/^palo ?alto\b/i, /^pan-?os\b/i],
  // Check Point's Log Exporter names the gateway blade that logged the event.
  [/^check ?point\b/i, /firewall|vpn-1|smartdefense|\bips\b|application control|url filtering|anti[- ]?(?:bot|virus|malware|spam)|threat (?:emulation|extraction|prevention)/i],
  [/^cisco\b/i, /^(?:asa|pix|fwsm|firepower|ftd)\b/i],
  [/^(?:forcepoint|stonesoft)\b/i, /firewall|ngfw/i],
  [/^sonicwall\b/i, /^(?!.*mail)/i],
  [/^sophos\b/i, /^(?:xgs?|utm|sfos)\b|firewall/i],
  [/^watchguard\b/i, /firebox|fireware|xtm/i],
  [/^juniper\b/i, /^(?:srx|netscreen|screenos)\b/i],
  [/^barracuda\b/i, /cloudgen|^ng ?f/i],
];
// Any other producer that calls its product a (next-generation) firewall, except web
// application firewalls, which Sigma files under web, not firewall.
const GENERIC = /\b(?:firewall|ngfw)\b/i;
const WEB_APPLICATION_FIREWALL = /web application firewall|\bwaf\b/i;

/** True when the CEF header's vendor and product name a network firewall. */
export function isFirewall(vendor: string, product: string): boolean {
  // The spec caps both at 63 characters; longer text is not a product name worth testing.
  const v = vendor.slice(0, 256).trim();
  const p = product.slice(0, 256).trim();
  if (WEB_APPLICATION_FIREWALL.test(p)) return false;
  return FIREWALLS.some(([vendorTest, productTest]) => vendorTest.test(v) && productTest.test(p)) || GENERIC.test(p);
}

/**
 * True for producers whose `in`/`out` count from the source host's side (FortiOS maps its
 * rcvdbyte to `in` and sentbyte to `out`), the reverse of ArcSight's source→destination `in`.
 */
export function countsBytesFromSource(vendor: string): boolean {
  return /^fortinet\b/i.test(vendor.slice(0, 64).trim());
}

/** What the ECS mapping needs to know about a producer. */
export interface ProducerTraits {
  /** {@link isFirewall} */
  readonly firewall: boolean;
  /** {@link countsBytesFromSource} */
  readonly bytesFromSource: boolean;
}

// A collector hears from a handful of producers, and a dozen regular expressions per message
// showed in profiles. Bounded: vendor and product are sender-controlled text.
const CACHED_LENGTH = 128;
const CACHE_ENTRIES = 1024;
const traitsCache = new Map<string, Map<string, ProducerTraits>>();
let cachedEntries = 0;

/** {@link isFirewall} and {@link countsBytesFromSource} of a CEF header's vendor and product, remembered. */
export function producerTraits(vendor: string, product: string): ProducerTraits {
  let byProduct = traitsCache.get(vendor);
  const cached = byProduct?.get(product);
  if (cached !== undefined) return cached;
  const traits: ProducerTraits = { firewall: isFirewall(vendor, product), bytesFromSource: countsBytesFromSource(vendor) };
  if (vendor.length <= CACHED_LENGTH && product.length <= CACHED_LENGTH) {
    if (cachedEntries >= CACHE_ENTRIES) {
      traitsCache.clear();
      cachedEntries = 0;
      byProduct = undefined;
    }
    if (byProduct === undefined) traitsCache.set(vendor, (byProduct = new Map()));
    byProduct.set(product, traits);
    cachedEntries += 1;
  }
  return traits;
}

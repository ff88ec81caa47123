// ArcSight's extension dictionary: a key has a short name (`src`) and a full name
// (`sourceAddress`), and producers use either (ArcSight's own forwarders mix them). The ECS
// mapping reads short names; cef.extensions keeps keys as they were sent.

const PAIRS: readonly (readonly [short: string, full: string])[] = [
  ['act', 'deviceAction'],
  ['app', 'applicationProtocol'],
  ['cat', 'deviceEventCategory'],
  ['cnt', 'baseEventCount'],
  ['dhost', 'destinationHostName'],
  ['dmac', 'destinationMacAddress'],
  ['dntdom', 'destinationNtDomain'],
  ['dpt', 'destinationPort'],
  ['dst', 'destinationAddress'],
  ['dtz', 'deviceTimeZone'],
  ['duid', 'destinationUserId'],
  ['duser', 'destinationUserName'],
  ['dvc', 'deviceAddress'],
  ['dvchost', 'deviceHostName'],
  ['dvcmac', 'deviceMacAddress'],
  ['end', 'endTime'],
  ['fname', 'fileName'],
  ['fsize', 'fileSize'],
  ['in', 'bytesIn'],
  ['msg', 'message'],
  ['out', 'bytesOut'],
  ['outcome', 'eventOutcome'],
  ['proto', 'transportProtocol'],
  ['request', 'requestUrl'],
  ['rt', 'deviceReceiptTime'],
  ['shost', 'sourceHostName'],
  ['smac', 'sourceMacAddress'],
  ['sntdom', 'sourceNtDomain'],
  ['spt', 'sourcePort'],
  ['src', 'sourceAddress'],
  ['start', 'startTime'],
  ['suid', 'sourceUserId'],
  ['suser', 'sourceUserName'],
];

/** Custom-field slots as [short, full] names; each has a `<name>Label` companion. */
export const CUSTOM_SLOTS: readonly (readonly [short: string, full: string])[] = [
  ...[1, 2, 3, 4, 5, 6].map((i) => [`cs${i}`, `deviceCustomString${i}`] as const),
  ...[1, 2, 3].map((i) => [`cn${i}`, `deviceCustomNumber${i}`] as const),
  ...[1, 2, 3, 4].map((i) => [`cfp${i}`, `deviceCustomFloatingPoint${i}`] as const),
  ...[1, 2, 3, 4].map((i) => [`c6a${i}`, `deviceCustomIPv6Address${i}`] as const),
  ['flexString1', 'flexString1'],
  ['flexString2', 'flexString2'],
  ['flexNumber1', 'flexNumber1'],
  ['flexNumber2', 'flexNumber2'],
  ['flexDate1', 'flexDate1'],
  ['deviceCustomDate1', 'deviceCustomDate1'],
  ['deviceCustomDate2', 'deviceCustomDate2'],
];

const SHORT_OF = new Map<string, string>([
  ...PAIRS.map(([short, full]) => [full, short] as const),
  // Older ArcSight documents name rt `receiptTime`.
  ['receiptTime', 'rt'],
  ...CUSTOM_SLOTS.flatMap(([short, full]) => [[full, short] as const, [`${full}Label`, `${short}Label`] as const]),
]);

/** Every other name of a dictionary key (full names, `receiptTime`), with the short name it stands for. */
export const SHORT_NAME_OF: ReadonlyMap<string, string> = SHORT_OF;

/** The short name of a dictionary key (itself when it has none or is already short). */
export function shortKey(key: string): string {
  return SHORT_OF.get(key) ?? key;
}

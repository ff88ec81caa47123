// Public API of the Zeek parsers (JSON lines and TSV logs).
export type { JsonLineLimits } from './json-line';
export { JSON_LINE_LIMITS, isJsonObject, jsonDepth, readJsonLine } from './json-line';
export { ZEEK_LOG_PROTOCOLS } from './log-fields';
export { parseZeekJson } from './parse-json';
export { epochSecondsToMs, isoToMs, sensorTimeToMs } from './timestamps';
export { ZEEK_MODULE, zeekEvent, zeekLogName } from './to-ecs';
export type { ZeekTsvOptions } from './tsv-reader';
export { ZeekTsvReader } from './tsv-reader';

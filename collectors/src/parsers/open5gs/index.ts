// Public API of the Open5GS parser.
export type { Open5gsAction, Open5gsClassification } from './classify';
export type { Open5gsIdentifiers } from './identifiers';
export type { Open5gsLevel, Open5gsRecord, Open5gsStamp } from './line';
export { OPEN5GS_LEVELS, readRecord } from './line';
export type { NetworkFunctionClues, Open5gsNetworkFunction } from './network-functions';
export { OPEN5GS_NETWORK_FUNCTIONS, networkFunctionOf } from './network-functions';
export { OPEN5GS_MAX_RECORD_CHARS, OPEN5GS_MODULE, OPEN5GS_PERSONAL_DATA_FIELDS, parseOpen5gs } from './parse';

// Public API of the Suricata EVE JSON parser.
export { SURICATA_DATASET, SURICATA_MODULE, parseSuricataEve } from './parse-eve';

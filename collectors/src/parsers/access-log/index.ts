// Public API of the nginx/Apache access log parser.
export type { AccessLogModule, AccessLogParserOptions } from './parse-access-log';
export { createAccessLogParser, GENERIC_ACCESS_DATASET, parseAccessLog } from './parse-access-log';

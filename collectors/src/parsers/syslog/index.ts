// Public API of the syslog parser and TCP framer.
export { SYSLOG_DATASET, SYSLOG_MODULE } from './build-event';
export type { FramedMessage, SyslogFramerOptions, SyslogFraming } from './framer';
export { SyslogFramer } from './framer';
export type { SyslogParserOptions } from './parse-syslog';
export { DEFAULT_HOST_OS_TYPE, createSyslogParser, parseSyslog } from './parse-syslog';
export { FACILITY_NAMES, SEVERITY_NAMES } from './priority';
export type { StructuredData } from './structured-data';

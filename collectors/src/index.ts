// Public API of @halong/collectors: the parsers to ECS (pure, one per format), the envelope every
// event gets, the spool and shipper that make accepted events durable, the inputs, and the
// runtime `halong start` wires in.
export type { NormalizeWindowsOptions, WindowsErrorCode } from './windows';
export {
  ConcatenatedJsonDecoder,
  ConcatenatedJsonError,
  DEFAULT_TIME_ZONE,
  WINDOWS_MODULE,
  WindowsErrorCodes,
  WindowsEventError,
  normalizeWindowsEvent,
  parseConcatenatedJson,
  windowsDataset,
} from './windows';
export type { ParseErrorCode } from './parse/errors';
export { ParseErrorCodes } from './parse/errors';
export type { ParseFailure, ParseOutcome, ParsedEvent, SourceContext, TextParser } from './parse/types';
export type { EnvelopeContext } from './parse/envelope';
export { ORIGINAL_TRUNCATED_TAG, PARSE_FAILURE_TAG, UNPARSED_DATASET, envelope, eventId, unparsedEvent } from './parse/envelope';
export { SyslogFramer, createSyslogParser, parseSyslog } from './parsers/syslog';
export type { FramedMessage, SyslogFramerOptions } from './parsers/syslog';
export { parseCef } from './parsers/cef';
export { createAccessLogParser, parseAccessLog } from './parsers/access-log';
export { AuditAssembler } from './parsers/auditd';
export type { AssembledOutcome } from './parsers/auditd';
export { ZeekTsvReader, parseZeekJson } from './parsers/zeek';
export { parseSuricataEve } from './parsers/suricata';
export { parseOpen5gs } from './parsers/open5gs';
export { decodeSparkplugPayload, parseIotMessage } from './parsers/iot';
export { createPseudonymiser, pseudonymToken } from './pii';
export type { Pseudonymiser, PseudonymiserOptions } from './pii';
export { openSpool, SpoolError, SpoolFullError } from './spool';
export type { DiskSpool, SpoolStats } from './spool';
export { Shipper } from './pipeline/shipper';
export type { EventProducer, EventSpool, ShipperOptions } from './pipeline/shipper';
export { ShipperError } from './pipeline/errors';
export { ingestRoutes } from './inputs/http/ingest-routes';
export type { IngestRoutesOptions } from './inputs/http/ingest-routes';
export { startSyslogInputs } from './inputs/syslog/syslog-inputs';
export type { SyslogInputs, SyslogInputsOptions } from './inputs/syslog/syslog-inputs';
export { SourceAllowList } from './inputs/syslog/source-allowlist';
export { DEFAULT_MQTT_TOPICS, startMqttInput } from './inputs/mqtt';
export { startFileTail } from './inputs/file';
export type { FileFormat, FileTail, FileTailOptions, TailedFile } from './inputs/file';
export type { MqttInput, MqttInputOptions } from './inputs/mqtt';
export { parseSyslogOrCef } from './inputs/syslog/syslog-or-cef';
export { startCollectors } from './runtime';
export { UpstreamError, createUpstreamProducer, startEdgeForwarder } from './edge';
export type { EdgeForwarder, EdgeForwarderOptions, UpstreamTls } from './edge';
export type { CollectorRuntime, StartCollectorsOptions } from './runtime';

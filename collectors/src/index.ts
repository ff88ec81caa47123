// Public API of @halong/collectors. The inputs (syslog, HTTP, files …) are built by issue 5;
// the Windows normalizer is here first because detection's pipelines mirror its layout.
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

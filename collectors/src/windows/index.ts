// Public API of the Windows normalizer.
export type { WindowsErrorCode } from './errors';
export { WindowsErrorCodes, WindowsEventError } from './errors';
export { ConcatenatedJsonDecoder, ConcatenatedJsonError, parseConcatenatedJson } from './json-stream';
export type { NormalizeWindowsOptions } from './normalize';
export { normalizeWindowsEvent } from './normalize';
export { windowsDataset, WINDOWS_MODULE } from './dataset';
export { DEFAULT_TIME_ZONE } from './timestamps';

// Stable codes of the Windows normalizer, `HALONG_WINDOWS_<NAME>`. Codes never change meaning
// once published; messages are for humans.

/** Codes the Windows normalizer throws, with a default message. */
export const WindowsErrorCodes = {
  HALONG_WINDOWS_NOT_JSON: 'The input is a string that is not JSON.',
  HALONG_WINDOWS_UNKNOWN_SHAPE: 'The input is not an evtx_dump, Winlogbeat or NXLog Windows event.',
  HALONG_WINDOWS_BAD_EVENT_ID: 'The event has no EventID between 0 and 65535.',
  HALONG_WINDOWS_BAD_TIME_ZONE: 'The time zone option is not an IANA zone name or a ±HH:MM offset.',
} as const;

/** A stable code the Windows normalizer throws. */
export type WindowsErrorCode = keyof typeof WindowsErrorCodes;

/**
 * Thrown for input that is not a Windows event. The collector sends such input to the dead
 * letter index with `code` as the reason, so the code must stay stable.
 */
export class WindowsEventError extends Error {
  readonly code: WindowsErrorCode;

  constructor(code: WindowsErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? WindowsErrorCodes[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WindowsEventError';
    this.code = code;
  }
}

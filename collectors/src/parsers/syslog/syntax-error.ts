// Parsing helpers throw this so each stays linear and readable; parseSyslog turns it into a
// ParseOutcome, so nothing escapes the parser as an exception.
import type { ParseErrorCode } from '../../parse/errors';

/** Why a message is not syslog: a stable code and a sentence for the dead-letter record. */
export class SyslogSyntaxError extends Error {
  override readonly name = 'SyslogSyntaxError';

  constructor(
    readonly code: ParseErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws HALONG_PARSE_SYSLOG with `message`. */
export function notSyslog(message: string): never {
  throw new SyslogSyntaxError('HALONG_PARSE_SYSLOG', message);
}

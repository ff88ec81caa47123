// Parsing helpers throw this so each stays linear and readable; parseSyslog turns it into a
// ParseOutcome, so nothing escapes the parser as an exception. Where a failure is common (text
// that is not syslog at all, an unusable time) readers return a SyslogFault instead: an Error
// captures a stack trace, which costs more than parsing a whole message.
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

/** Why a message is not syslog, as a value: no stack trace, nothing thrown. */
export class SyslogFault {
  constructor(
    readonly code: ParseErrorCode,
    readonly message: string,
  ) {}

  /** This fault as the error a throwing reader raises. */
  toError(): SyslogSyntaxError {
    return new SyslogSyntaxError(this.code, this.message);
  }
}

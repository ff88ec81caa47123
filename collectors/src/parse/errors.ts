// Stable codes of the parsers, `HALONG_PARSE_<NAME>`: the reason a dead-letter record carries.
// Codes never change meaning once published; messages are for humans.

/** Every code a parser reports, with what it means. */
export const ParseErrorCodes = {
  HALONG_PARSE_EMPTY: 'The message is empty.',
  HALONG_PARSE_SYSLOG: 'The message is not RFC 5424 or RFC 3164 syslog.',
  HALONG_PARSE_CEF: 'The message is not CEF (CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension).',
  HALONG_PARSE_ACCESS_LOG: 'The line is not an nginx/Apache common or combined access log line.',
  HALONG_PARSE_AUDITD: 'The line is not a Linux audit record (type=… msg=audit(seconds.millis:serial): …).',
  HALONG_PARSE_ZEEK: 'The record is not a Zeek log record (JSON, or TSV with a #fields header).',
  HALONG_PARSE_SURICATA: 'The record is not Suricata EVE JSON.',
  HALONG_PARSE_OPEN5GS: 'The line is not an Open5GS network-function log line.',
  HALONG_PARSE_IOT: 'The MQTT payload does not match its topic convention.',
  HALONG_PARSE_JSON: 'The payload is not valid JSON, or is nested deeper than allowed.',
  HALONG_PARSE_TIME: 'The timestamp cannot be read.',
  HALONG_PARSE_TOO_LARGE: 'The message is larger than the configured bound.',
} as const;

/** One of {@link ParseErrorCodes}. */
export type ParseErrorCode = keyof typeof ParseErrorCodes;

/** A failed outcome with a code and a sentence (the code's default when none is given). */
export function failure(code: ParseErrorCode, message?: string): { ok: false; failure: { code: ParseErrorCode; message: string } } {
  return { ok: false, failure: { code, message: message ?? ParseErrorCodes[code] } };
}

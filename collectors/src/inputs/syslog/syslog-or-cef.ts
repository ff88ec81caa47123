// Firewalls send CEF inside syslog (`<134>Nov 24 09:00:00 fw01 CEF:0|Fortinet|…`): such a
// message is read as CEF, which keeps the syslog header's host; anything else as syslog.
import { parseCef } from '../../parsers/cef';
import { parseSyslog } from '../../parsers/syslog';
import type { TextParser } from '../../parse/types';

/** Syslog, or CEF carried in syslog. */
export const parseSyslogOrCef: TextParser = (text, source) => {
  const at = text.indexOf('CEF:');
  if (at !== -1 && at < 256) {
    const cef = parseCef(text, source);
    if (cef.ok) return cef;
  }
  return parseSyslog(text, source);
};

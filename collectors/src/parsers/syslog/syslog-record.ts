// What the header readers find, before it becomes ECS: one shape for RFC 5424 and RFC 3164,
// plus what a vendor's message format adds (Cisco mnemonics, FortiGate key=value bodies).
import type { Priority } from './priority';
import type { StructuredData } from './structured-data';
import type { ResolvedTime } from './timestamps';

/** A syslog message split into its header fields. */
export interface SyslogRecord {
  priority: Priority;
  /** RFC 5424 VERSION; absent for RFC 3164. */
  version?: number;
  /** Absent when the message carries no usable time: the receive time stands in. */
  time?: ResolvedTime;
  hostname?: string;
  appname?: string;
  procid?: string;
  msgid?: string;
  structuredData?: StructuredData;
  message?: string;
  vendor?: VendorEvent;
}

/** What a recognised vendor format adds to, or overrides in, the syslog fields. */
export interface VendorEvent {
  /** event.dataset, e.g. `cisco.asa`. */
  dataset: string;
  /** The device kind, as ECS observer.vendor / observer.product. */
  vendor: string;
  product: string;
  /** The device's own text, in place of the syslog MSG. */
  message?: string;
  /** The device's own time, preferred over the syslog header's. */
  time?: ResolvedTime;
  /** The device's name when the syslog header has no hostname. */
  hostname?: string;
  /** The device's severity (0–7) for event.severity, and its name for log.level. */
  severity?: number;
  level?: string;
  code?: string;
  action?: string;
  /** Top-level ECS fieldsets and the vendor namespace (`cisco`, `fortinet`, `source` …). */
  fields: Record<string, unknown>;
}

// Zeek's default ASCII logs: a header (`#separator \x09`, `#set_separator`, `#empty_field`,
// `#unset_field`, `#path`, `#fields`, `#types`) then one tab-separated record per line. The
// header is state, so this is a reader fed a file's lines in order, not a stateless parser.
// Zeek escapes a separator inside a value as `\xHH`; those escapes are undone, every other
// `\xHH` (bytes Zeek could not print) is kept as written, as Zeek's JSON writer and Sigma's Zeek
// rules (`answers|endswith: '\x00'`) have it.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext } from '../../parse/types';
import { epochSecondsToMs } from './timestamps';
import { zeekEvent, zeekLogName } from './to-ecs';

/** Bounds of a {@link ZeekTsvReader}. */
export interface ZeekTsvOptions {
  /** Longer lines are refused (UTF-16 units, default 1 Mi). */
  maxLineChars?: number;
}

interface Header {
  separator: string;
  setSeparator: string;
  empty: string;
  unset: string;
  path?: string;
  fields?: string[];
  types?: string[];
}

const CONTAINER = /^(?:set|vector|table)\[(.+)\]$/;

const defaultHeader = (separator = '\t'): Header => ({ separator, setSeparator: ',', empty: '(empty)', unset: '-' });

// Zeek writes header values with its escapes too (`#separator \x09`).
function unescapeAll(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function escapedForm(text: string): RegExp {
  const hex = [...text].map((c) => `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
  return new RegExp(hex, 'gi');
}

/**
 * Reads Zeek TSV logs line by line: header lines set the columns, each record line gives one
 * outcome. A new `#separator` line (the next file of a concatenation) starts a new header.
 */
export class ZeekTsvReader {
  private header: Header = defaultHeader();
  private separatorEscape = escapedForm('\t');
  private setSeparatorEscape = escapedForm(',');
  private readonly maxLineChars: number;

  constructor(options: ZeekTsvOptions = {}) {
    this.maxLineChars = options.maxLineChars ?? 1 << 20;
  }

  /** The log named by the current header's `#path`, if any. */
  get path(): string | undefined {
    return this.header.path;
  }

  /** Reads one line: no outcome for header and blank lines, one for a record line. */
  push(rawLine: string, source: SourceContext): ParseOutcome[] {
    const line = rawLine.replace(/\r?\n$/, '');
    if (line === '') return [];
    if (line.length > this.maxLineChars) return [failure('HALONG_PARSE_TOO_LARGE', `The Zeek line has ${line.length} characters; at most ${this.maxLineChars} are read.`)];
    if (line.startsWith('#')) {
      this.readHeader(line);
      return [];
    }
    return [this.readRecord(line, source)];
  }

  private readHeader(line: string): void {
    if (line.startsWith('#separator ')) {
      this.header = defaultHeader(unescapeAll(line.slice('#separator '.length)) || '\t');
      this.separatorEscape = escapedForm(this.header.separator);
      this.setSeparatorEscape = escapedForm(this.header.setSeparator);
      return;
    }
    const [directive, ...values] = line.split(this.header.separator);
    const value = values.join(this.header.separator);
    switch (directive) {
      case '#set_separator':
        this.header.setSeparator = unescapeAll(value) || ',';
        this.setSeparatorEscape = escapedForm(this.header.setSeparator);
        break;
      case '#empty_field':
        this.header.empty = value;
        break;
      case '#unset_field':
        this.header.unset = value;
        break;
      case '#path':
        this.header.path = value;
        break;
      case '#fields':
        this.header.fields = values;
        break;
      case '#types':
        this.header.types = values;
        break;
      default:
        // #open, #close and comments carry nothing a record needs.
        break;
    }
  }

  private readRecord(line: string, source: SourceContext): ParseOutcome {
    const { fields, types } = this.header;
    if (fields === undefined) return failure('HALONG_PARSE_ZEEK', 'The Zeek TSV line comes before any #fields header.');
    const values = line.split(this.header.separator);
    if (values.length !== fields.length) return failure('HALONG_PARSE_ZEEK', `The Zeek TSV line has ${values.length} values for ${fields.length} #fields columns.`);
    const log = zeekLogName(this.header.path, source.topic);
    if (log === undefined) return failure('HALONG_PARSE_ZEEK', 'The Zeek TSV log names no log: no #path header and its source is not a <log>.log file.');
    const columns = new Map<string, unknown>();
    let rawTs: string | undefined;
    for (let i = 0; i < fields.length; i += 1) {
      const name = fields[i]!;
      const raw = values[i]!;
      if (raw === this.header.unset) continue;
      if (name === 'ts') rawTs = raw;
      columns.set(name, this.value(raw, types?.[i] ?? 'string'));
    }
    // A few logs have no time (loaded_scripts): they are dated when received.
    const time = rawTs === undefined ? source.receivedAt : epochSecondsToMs(rawTs);
    if (time === undefined) return failure('HALONG_PARSE_TIME', `The Zeek ts ${JSON.stringify(rawTs?.slice(0, 64))} is not epoch seconds.`);
    return { ok: true, event: zeekEvent(log, columns, time) };
  }

  private value(raw: string, type: string): unknown {
    const container = CONTAINER.exec(type);
    if (container) {
      if (raw === this.header.empty) return [];
      return raw.split(this.header.setSeparator).map((element) => (element === this.header.unset ? null : scalar(this.text(element).replace(this.setSeparatorEscape, this.header.setSeparator), container[1]!)));
    }
    if (raw === this.header.empty) return '';
    return scalar(this.text(raw), type);
  }

  // A value that is exactly the unset or empty marker is written fully escaped to tell it apart.
  private text(raw: string): string {
    if (/^(?:\\x[0-9a-fA-F]{2})+$/.test(raw)) {
      const decoded = unescapeAll(raw);
      if (decoded === this.header.unset || decoded === this.header.empty) return decoded;
    }
    return raw.replace(this.separatorEscape, this.header.separator);
  }
}

function scalar(raw: string, type: string): unknown {
  switch (type) {
    case 'count':
    case 'int':
    case 'port': {
      const n = Number(raw);
      return raw !== '' && Number.isSafeInteger(n) ? n : raw;
    }
    case 'double':
    case 'interval':
    case 'time': {
      const n = Number(raw);
      return raw !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'bool':
      return raw === 'T' ? true : raw === 'F' ? false : raw;
    default:
      return raw;
  }
}

// evtx_dump writes several events as pretty-printed JSON objects one after another (not an
// array, not one per line). The decoder finds each top-level value's end by tracking nesting
// and strings, so chunks may split anywhere, even inside a string or an escape.

/** Thrown for text between values that is not JSON. */
export class ConcatenatedJsonError extends Error {
  readonly code = 'HALONG_WINDOWS_NOT_JSON' as const;
}

/** Incremental decoder of concatenated JSON objects/arrays. */
export class ConcatenatedJsonDecoder {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  /** Adds text; returns every value completed by it. */
  push(chunk: string): unknown[] {
    this.buffer += chunk;
    const out: unknown[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (/\s/.test(ch)) {
          start = i + 1;
          continue;
        }
        if (ch !== '{' && ch !== '[') throw new ConcatenatedJsonError(`Unexpected "${ch}" between JSON values.`);
      }
      if (ch === '"') this.inString = true;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') {
        this.depth--;
        if (this.depth === 0) {
          out.push(parse(this.buffer.slice(start, i + 1)));
          start = i + 1;
        }
      }
    }
    this.buffer = this.buffer.slice(start);
    this.scanned = this.buffer.length;
    return out;
  }

  /** Ends the input; throws when a value is unfinished. */
  end(): void {
    if (this.buffer.trim() !== '') throw new ConcatenatedJsonError('The input ends inside a JSON value.');
  }
}

/** All values of a text of concatenated JSON objects (evtx_dump's multi-event output). */
export function parseConcatenatedJson(text: string): unknown[] {
  const decoder = new ConcatenatedJsonDecoder();
  const values = decoder.push(text);
  decoder.end();
  return values;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ConcatenatedJsonError(`Invalid JSON value: ${(cause as Error).message}`, { cause });
  }
}

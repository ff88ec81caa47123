// A bulk request's NDJSON body as one Buffer. A document forwarded as bytes (a Kafka record's
// value) is copied in as is: it is never decoded to text, joined into a string and encoded
// back, which was a third of the indexer's time.
//
// The body also remembers where each item's lines start, so a per-item answer (retry this one,
// dead-letter that one) maps back to its bytes. The sink then holds one Buffer and one array
// per batch while OpenSearch works, not the documents and the Kafka records they came from,
// which, held for the ~0.4 s of a bulk request, outlived the young generation.
import type { SinkDoc } from './bulk-sink';

const NEWLINE = 0x0a;

/** What {@link BulkBody.item} reads back from an item's lines. */
export interface BulkItem {
  index: string;
  id: string;
  /** The document's text: the source line of a `create`, the upsert of an `update`. */
  source: string;
}

/** A bulk body built once: its bytes and the byte offset where each item's action line starts. */
export class BulkBody {
  /** Made by {@link BulkBodyBuilder} (or {@link bulkBody}); `starts` holds count + 1 ascending offsets. */
  constructor(
    /** The NDJSON, each line ended by a newline. */
    readonly bytes: Buffer,
    // count + 1 offsets: item i spans [starts[i], starts[i + 1]).
    private readonly starts: Uint32Array,
  ) {}

  /** Items (documents) in the body. */
  get count(): number {
    return this.starts.length - 1;
  }

  /** The items at `positions` (ascending), their lines copied as they are, as a new body. */
  pick(positions: readonly number[]): BulkBody {
    let bytes = 0;
    for (const i of positions) bytes += this.starts[i + 1]! - this.starts[i]!;
    const body = Buffer.allocUnsafe(bytes);
    const starts = new Uint32Array(positions.length + 1);
    let at = 0;
    positions.forEach((i, n) => {
      starts[n] = at;
      at += this.bytes.copy(body, at, this.starts[i]!, this.starts[i + 1]!);
    });
    starts[positions.length] = at;
    return new BulkBody(body, starts);
  }

  /** Index, id and document text of item `i`, parsed back from its lines (dead letters only: it is slow). */
  item(i: number): BulkItem {
    const start = this.starts[i]!;
    const end = this.starts[i + 1]! - 1; // the source line's newline
    const split = this.bytes.indexOf(NEWLINE, start);
    const action = JSON.parse(this.bytes.toString('utf8', start, split)) as Record<string, { _index: string; _id: string }>;
    const target = action.create ?? action.update!;
    const line = this.bytes.toString('utf8', split + 1, end);
    const source = action.create ? line : JSON.stringify((JSON.parse(line) as { upsert?: unknown }).upsert);
    return { index: target._index, id: target._id, source };
  }
}

/** The bulk body of `docs`, in their order. */
export function bulkBody(docs: readonly SinkDoc[]): BulkBody {
  const builder = new BulkBodyBuilder();
  for (const d of docs) builder.add(d);
  return builder.build();
}

/** Collects documents and writes their lines into one Buffer sized once. */
export class BulkBodyBuilder {
  private readonly parts: (string | Buffer)[] = [];
  // The byte offset where each item begins, while building.
  private readonly starts: number[] = [];
  private bytes = 0;

  /** Items added so far. */
  get count(): number {
    return this.starts.length;
  }

  /** Adds `create` (or, with `update`, a scripted update whose upsert is the document). */
  add(d: SinkDoc): void {
    this.starts.push(this.bytes);
    if (d.update) {
      this.line(JSON.stringify({ update: { _index: d.index, _id: d.id, retry_on_conflict: 3 } }));
      this.line(JSON.stringify({ script: { source: d.update.script, lang: 'painless', params: d.update.params }, upsert: d.doc }));
    } else {
      this.line(`{"create":{"_index":${JSON.stringify(d.index)},"_id":${JSON.stringify(d.id)}}}`);
      this.line(d.source ?? JSON.stringify(d.doc));
    }
  }

  /** The body; the builder's parts are let go. */
  build(): BulkBody {
    const body = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    for (const part of this.parts) {
      at += typeof part === 'string' ? body.write(part, at, 'utf8') : part.copy(body, at);
      body[at++] = NEWLINE;
    }
    const starts = new Uint32Array(this.starts.length + 1);
    starts.set(this.starts);
    starts[this.starts.length] = this.bytes;
    this.parts.length = 0;
    this.starts.length = 0;
    this.bytes = 0;
    return new BulkBody(body, starts);
  }

  private line(part: string | Buffer): void {
    this.parts.push(part);
    this.bytes += (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length) + 1;
  }
}

// The Elasticsearch/OpenSearch _bulk body: an action line, then (for index and create) the
// document line. Existing shippers (Winlogbeat, Filebeat, Fluent Bit, Vector, Logstash) write
// exactly this, so they can point at Halong unchanged.

/** One operation of a _bulk body. */
export interface BulkOperation {
  action: string;
  index?: string;
  id?: string;
  /** The document line, for index and create. */
  doc?: string;
  /** Why the operation is not accepted, when it is not. */
  error?: string;
}

/** Splits a _bulk body into operations; an unreadable action line ends the request (its pairing is lost). */
export function readBulk(lines: readonly string[]): BulkOperation[] | { error: string } {
  const ops: BulkOperation[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    let meta: unknown;
    try {
      meta = JSON.parse(lines[i]!);
    } catch {
      return { error: `line ${i + 1}: the action line is not JSON` };
    }
    const entries = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? Object.entries(meta as Record<string, unknown>) : [];
    if (entries.length !== 1) return { error: `line ${i + 1}: an action line holds exactly one of index, create, update, delete` };
    const [action, params] = entries[0]!;
    const p = params !== null && typeof params === 'object' ? (params as Record<string, unknown>) : {};
    const op: BulkOperation = { action, ...(typeof p['_index'] === 'string' ? { index: p['_index'] } : {}), ...(typeof p['_id'] === 'string' ? { id: p['_id'] } : {}) };
    if (action === 'index' || action === 'create') {
      if (i + 1 >= lines.length) return { error: `line ${i + 1}: ${action} without a document line` };
      op.doc = lines[++i]!;
    } else if (action === 'update') {
      i += 1;
      op.error = 'update is not supported: Halong only adds events';
    } else if (action === 'delete') {
      op.error = 'delete is not supported: Halong only adds events';
    } else {
      return { error: `line ${i + 1}: unknown action ${action}` };
    }
    ops.push(op);
  }
  return ops;
}

/**
 * How the indexer stores an alert it meets again. Detection re-publishes an alert under the same
 * id as it grows (count, last seen, events, entities); a redelivery or replay may bring an older
 * version after a newer one; and analysts change the stored alert's status. So a version at
 * least as far along (by count) replaces detection's fields, the stored status and its history
 * stay, and an older version changes nothing.
 */
export const ALERT_MERGE_SCRIPT = [
  'def stored = ctx._source.count;',
  "if (stored != null && params.alert.count < stored) { ctx.op = 'noop'; }",
  'else {',
  '  for (def entry : params.alert.entrySet()) {',
  "    if (entry.getKey() != 'status' && entry.getKey() != 'status_history') { ctx._source[entry.getKey()] = entry.getValue(); }",
  '  }',
  '}',
].join(' ');

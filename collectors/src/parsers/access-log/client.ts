// Who made the request, from the fields before ident/user. Besides the plain client address,
// real formats prefix a vhost (Apache's vhost_combined `%v:%p`, nginx `$host`) and put
// forwarded-for lists in or before the client field (`10.0.0.2, 10.0.0.1, 127.0.0.1` or a
// quoted `"a, b, c"`). The leftmost address of such a list is the original client by the
// X-Forwarded-For convention; every address stays in the list.
import type { HeadToken } from './line';

/** The vhost and the client addresses, leftmost (the original client) first. */
export interface Client {
  vhost?: string;
  addresses: string[];
}

interface Item {
  entries: string[];
  isList: boolean;
  open: boolean;
}

/** The client of the head fields, or why they cannot be read as one. */
export function readClient(head: readonly HeadToken[]): Client | { error: string } {
  const items: Item[] = [];
  for (const token of head) {
    const last = items[items.length - 1];
    if (token.quoted) {
      items.push({ entries: splitList(token.text), isList: true, open: false });
    } else if (last?.open) {
      last.entries.push(...splitList(token.text));
      last.isList = true;
      last.open = token.text.endsWith(',');
    } else {
      const entries = splitList(token.text);
      items.push({ entries, isList: entries.length > 1 || token.text.endsWith(','), open: token.text.endsWith(',') });
    }
  }
  const client = items.pop();
  if (!client || client.entries.length === 0) return { error: 'No client address before ident and user.' };
  const first = items[0];
  const vhost = first && !first.isList ? first.entries[0] : undefined;
  const forwarded = vhost !== undefined ? items.slice(1) : items;
  if (forwarded.some((item) => !item.isList)) return { error: 'Unexpected fields between the vhost and the client address.' };
  return { ...(vhost !== undefined ? { vhost } : {}), addresses: [...forwarded.flatMap((item) => item.entries), ...client.entries] };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

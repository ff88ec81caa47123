import { normalizeWindowsEvent } from '../../src/windows';
import { deterministicEventId, stableJson } from '../../src/windows/event-id';
import { fixtureText } from './support/shared-data';

describe('event.id', () => {
  const evtx = JSON.parse(fixtureText('sysmon-1.evtx.json')) as Record<string, unknown>;

  it('is the id the first hop assigned, when given', () => {
    expect(normalizeWindowsEvent(evtx, { eventId: '0190f6a2-7c1e-7000-8000-000000000001' }).event.id).toBe('0190f6a2-7c1e-7000-8000-000000000001');
  });

  it('is otherwise 128 bits of SHA-256 over the original text', () => {
    const text = fixtureText('sysmon-1.evtx.json');
    const id = normalizeWindowsEvent(text).event.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(deterministicEventId(text));
    expect(normalizeWindowsEvent(evtx, { original: text }).event.id).toBe(id);
  });

  it('does not depend on key order when only the parsed object is given', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const reversed = reverseKeys(evtx) as Record<string, unknown>;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(evtx));
    expect(normalizeWindowsEvent(reversed).event.id).toBe(normalizeWindowsEvent(evtx).event.id);
    expect(normalizeWindowsEvent(evtx).event.id).toBe(deterministicEventId(stableJson(evtx)));
  });

  it('differs when any value differs', () => {
    const other = structuredClone(evtx) as { Event: { EventData: Record<string, unknown> } };
    other.Event.EventData.CommandLine = 'cmd.exe /c whoami';
    expect(normalizeWindowsEvent(other).event.id).not.toBe(normalizeWindowsEvent(evtx).event.id);
  });

  it('stableJson sorts keys at every depth and keeps arrays in order', () => {
    expect(stableJson({ b: [2, { d: 1, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
  });
});

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPEN5GS_PERSONAL_DATA_FIELDS, parseOpen5gs } from '../../src/parsers/open5gs';
import { PII_KINDS, createPseudonymiser, pseudonymToken } from '../../src/pii';
import type { PiiKind } from '../../src/pii';

const KEY = Buffer.from('6b9d0c1f4e2a7b3c8d5e6f708192a3b4', 'hex');
const OTHER_KEY = 'another secret key of 32 bytes!!';
const FIXTURE = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'identifiers.json'), 'utf8')) as {
  found: { text: string; kind: PiiKind; value: string; normalised: string }[];
  notFound: string[];
};

const expectedToken = (kind: string, normalised: string, key: Buffer | string = KEY): string =>
  `pii:${kind}:${createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex').slice(0, 16)}`;

describe('pseudonymToken', () => {
  it('is pii:<kind>:<first 16 hex of HMAC-SHA256(key, kind:normalised)>', () => {
    expect(pseudonymToken(KEY, 'phone_vn', '+84 912.345.678')).toBe(expectedToken('phone_vn', '0912345678'));
    expect(pseudonymToken(KEY, 'supi', 'IMSI-001010000000000')).toBe(expectedToken('supi', 'imsi-001010000000000'));
    expect(pseudonymToken(KEY, 'cccd', '001099012345')).toMatch(/^pii:cccd:[0-9a-f]{16}$/);
  });
});

describe('createPseudonymiser', () => {
  const pseudonymise = createPseudonymiser({ key: KEY, fields: ['message'] });

  it.each(FIXTURE.found.map((f) => [f.text, f] as const))('replaces the identifier in %j', (_text, f) => {
    const { event, replaced } = pseudonymise({ message: f.text });
    expect(replaced).toBe(1);
    expect(event.message).toBe(f.text.replace(f.value, expectedToken(f.kind, f.normalised)));
  });

  it.each(FIXTURE.notFound)('leaves %j alone', (text) => {
    const input = { message: text };
    const { event, replaced } = pseudonymise(input);
    expect(replaced).toBe(0);
    expect(event).toBe(input);
  });

  it('gives equal tokens for equal values written differently, different tokens under another key', () => {
    const a = pseudonymise({ message: 'gọi 0912 345 678' }).event.message;
    const b = pseudonymise({ message: 'gọi +84912345678' }).event.message;
    expect(a).toBe(b);
    const other = createPseudonymiser({ key: OTHER_KEY, fields: ['message'] })({ message: 'gọi 0912 345 678' }).event.message;
    expect(other).toBe(`gọi ${expectedToken('phone_vn', '0912345678', OTHER_KEY)}`);
    expect(other).not.toBe(a);
  });

  it('never pseudonymises a token again', () => {
    const first = pseudonymise({ message: 'CCCD 001099012345, CMND 123456789, SĐT 0912345678, UE SUPI[imsi-001010000000000]' });
    expect(first.replaced).toBe(4);
    const second = pseudonymise(first.event);
    expect(second).toEqual({ event: first.event, replaced: 0 });
    expect(second.event).toBe(first.event);
  });

  it('touches only the configured fields, without mutating the event', () => {
    const p = createPseudonymiser({ key: KEY, fields: ['user.id', 'labels.phones', 'related.user'] });
    const input = {
      user: { id: '452040000000001', name: '0912345678' },
      labels: { phones: ['0912345678', 'none'] },
      'related.user': ['imsi-001010000000000'],
      message: 'CCCD 001099012345',
      host: { name: 'h' },
    };
    const snapshot = JSON.stringify(input);
    const { event, replaced } = p(input);
    expect(replaced).toBe(3);
    expect(event).toEqual({
      user: { id: expectedToken('imsi', '452040000000001'), name: '0912345678' },
      labels: { phones: [expectedToken('phone_vn', '0912345678'), 'none'] },
      'related.user': [expectedToken('supi', 'imsi-001010000000000')],
      message: 'CCCD 001099012345',
      host: { name: 'h' },
    });
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(event.host).toBe(input.host);
  });

  it('replaces a bare 15-digit IMSI only as a whole value or where labelled, and only the kinds asked', () => {
    const p = createPseudonymiser({ key: KEY, fields: ['a', 'b'], kinds: ['imsi'] });
    expect(p({ a: ' 452040000000001 ', b: 'id 452040000000001 SĐT 0912345678' })).toEqual({
      event: { a: ` ${expectedToken('imsi', '452040000000001')} `, b: 'id 452040000000001 SĐT 0912345678' },
      replaced: 1,
    });
    const phonesOnly = createPseudonymiser({ key: KEY, fields: ['a'], kinds: ['phone_vn'] });
    expect(phonesOnly({ a: 'CMND 123456789 SĐT 0912345678' }).event.a).toBe(`CMND 123456789 SĐT ${expectedToken('phone_vn', '0912345678')}`);
  });

  it('pseudonymises a parsed Open5GS event in the fields the parser documents', () => {
    const outcome = parseOpen5gs(
      '03/18 20:31:22.185: [smf] INFO: UE SUPI[imsi-001010000000000] DNN[internet] IPv4[10.45.0.2] IPv6[] (../src/smf/npcf-handler.c:528)',
      { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.UTC(2024, 2, 27) },
    );
    if (!outcome.ok) throw new Error(outcome.failure.message);
    const p = createPseudonymiser({ key: KEY, fields: [...OPEN5GS_PERSONAL_DATA_FIELDS] });
    const { event, replaced } = p(outcome.event);
    const token = expectedToken('supi', 'imsi-001010000000000');
    expect(replaced).toBe(3);
    expect(event.user).toEqual({ id: token });
    expect(event.open5gs).toEqual({ supi: token, dnn: 'internet', ue: { ipv4: '10.45.0.2' } });
    expect(event.message).toBe(`UE SUPI[${token}] DNN[internet] IPv4[10.45.0.2] IPv6[]`);
    expect(JSON.stringify(event)).not.toContain('001010000000000');
  });

  it('refuses a short key, an unknown kind and unusable paths', () => {
    expect(() => createPseudonymiser({ key: 'short', fields: ['message'] })).toThrow(RangeError);
    expect(() => createPseudonymiser({ key: KEY, fields: ['message'], kinds: ['passport' as PiiKind] })).toThrow(TypeError);
    expect(() => createPseudonymiser({ key: KEY, fields: ['__proto__.x'] })).toThrow(TypeError);
    expect(PII_KINDS).toEqual(['imsi', 'supi', 'suci', 'cccd', 'cmnd', 'phone_vn']);
  });

  // More distinct identifiers than the token cache holds, so it is emptied on the way. How fast
  // these are pseudonymised is measured by `npm run bench -w collectors` (section hostile).
  it('replaces every SUPI of 20,000 messages with its token, past the token cache bound', () => {
    const p = createPseudonymiser({ key: KEY, fields: ['message', 'user.id'] });
    const supi = (i: number): string => `imsi-00101${String(i).padStart(10, '0')}`;
    const events = Array.from({ length: 20_000 }, (_, i) => ({
      message: `03/18 20:31:22.185: [smf] INFO: UE SUPI[${supi(i)}] DNN[internet] IPv4[10.45.${i % 250}.2] IPv6[] (../src/smf/npcf-handler.c:528)`,
      user: { id: supi(i % 100) },
    }));
    let replaced = 0;
    const out = events.map((e) => {
      const result = p(e);
      replaced += result.replaced;
      return result.event;
    });
    expect(replaced).toBe(40_000);
    expect(out.filter((e) => e.message.includes('imsi-') || e.user.id.includes('imsi-'))).toEqual([]);
    for (const i of [0, 9_999, 10_000, 19_999]) {
      expect(out[i]!.message).toBe(`03/18 20:31:22.185: [smf] INFO: UE SUPI[${expectedToken('supi', supi(i))}] DNN[internet] IPv4[10.45.${i % 250}.2] IPv6[] (../src/smf/npcf-handler.c:528)`);
      expect(out[i]!.user.id).toBe(expectedToken('supi', supi(i % 100)));
    }
  });
});

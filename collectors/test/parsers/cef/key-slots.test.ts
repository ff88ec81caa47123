import { CUSTOM_FIELD_SLOTS, SLOT, slotPairs } from '../../../src/parsers/cef/key-slots';

describe('slotPairs', () => {
  it('puts short and full key names in the same slot, the later pair winning', () => {
    const s = slotPairs([
      { key: 'sourceAddress', value: '10.0.0.1' },
      { key: 'src', value: '10.0.0.2' },
      { key: 'dpt', value: '443' },
    ]);
    expect(s.values[SLOT.src]).toBe('10.0.0.2');
    expect(s.values[SLOT.dpt]).toBe('443');
    expect(s.extensions).toEqual({ sourceAddress: '10.0.0.1', src: '10.0.0.2', dpt: '443' });
  });

  it('treats an empty value as not set but keeps it in the extensions', () => {
    const s = slotPairs([{ key: 'fname', value: 'a.exe' }, { key: 'fname', value: '' }]);
    expect(s.values[SLOT.fname]).toBeUndefined();
    expect(s.extensions.fname).toBe('');
  });

  it('keeps custom labels and values apart and makes the custom array only when needed', () => {
    expect(slotPairs([{ key: 'act', value: 'blocked' }]).custom).toBeUndefined();
    const s = slotPairs([{ key: 'cs1Label', value: 'Rule' }, { key: 'cs1', value: 'deny-all' }]);
    const [label, value] = CUSTOM_FIELD_SLOTS[0]!;
    expect(s.custom?.[label]).toBe('Rule');
    expect(s.custom?.[value]).toBe('deny-all');
  });

  it('stores a __proto__ key as data, not as the prototype', () => {
    const s = slotPairs([{ key: '__proto__', value: 'x' }]);
    expect(Object.getPrototypeOf(s.extensions)).toBe(Object.prototype);
    expect(Object.keys(s.extensions)).toEqual(['__proto__']);
  });

  it('slots and keeps keys however many distinct ones senders use, and however long', () => {
    // More distinct keys than the known-key memo holds, then a key slotted before them again.
    for (let i = 0; i < 5000; i++) expect(slotPairs([{ key: `k${i}`, value: String(i) }]).extensions).toEqual({ [`k${i}`]: String(i) });
    expect(slotPairs([{ key: 'sourceAddress', value: '10.0.0.9' }]).values[SLOT.src]).toBe('10.0.0.9');
    const long = `x${'y'.repeat(100)}`;
    const s = slotPairs([{ key: long, value: 'v' }, { key: 'dpt', value: '22' }, { key: '__proto__', value: 'p' }]);
    expect(Object.keys(s.extensions)).toEqual([long, 'dpt', '__proto__']);
    expect(s.values[SLOT.dpt]).toBe('22');
    expect(Object.getPrototypeOf(s.extensions)).toBe(Object.prototype);
  });
});

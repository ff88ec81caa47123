import { CachedView, DirectView } from '../../src/engine/event-view';
import { pathRef } from '../../src/engine/field-access';

/** An event whose `process.command_line` counts how often it is read. */
function countingEvent(value: string) {
  const reads = { count: 0 };
  const process = {};
  Object.defineProperty(process, 'command_line', {
    // Not enumerable: the one structural pass over an event (hasDottedKey) is not a read of the field.
    enumerable: false,
    get() {
      reads.count += 1;
      return value;
    },
  });
  return { event: { process }, reads };
}

describe('CachedView', () => {
  const p = pathRef('process.command_line');

  it('reads and lower-cases a path once per event whatever the number of rules asking', () => {
    const { event, reads } = countingEvent('CMD.EXE /C');
    const view = new CachedView();
    view.reset(event);
    for (let i = 0; i < 100; i += 1) {
      expect(view.lower(p)).toBe('cmd.exe /c');
      expect(view.raw(p)).toBe('CMD.EXE /C');
    }
    expect(reads.count).toBe(1);
  });

  it('forgets everything when the next event starts', () => {
    const view = new CachedView();
    view.reset({ process: { command_line: 'A' } });
    expect(view.lower(p)).toBe('a');
    view.reset({ process: { command_line: 'B' } });
    expect(view.lower(p)).toBe('b');
    view.reset({});
    expect(view.raw(p)).toBeUndefined();
  });

  it('grows for paths interned after it was created', () => {
    const view = new CachedView();
    view.reset({ late: { path: { number: 'x7' } } });
    for (let i = 0; i < 200; i += 1) pathRef(`filler.path${i}`);
    expect(view.lower(pathRef('late.path.number'))).toBe('x7');
  });

  it('lower-cases a long text once per event, whether asked as a text or as a path', () => {
    const long = `Host Application = POWERSHELL.EXE ${'-NoP '.repeat(100)}`;
    const lowered = long.toLowerCase();
    const loweredOther = `${long}!`.toLowerCase();
    const view = new CachedView();
    const lowerCase = jest.spyOn(String.prototype, 'toLowerCase');
    try {
      view.reset({ message: long, other: `${long}!` });
      expect(view.lowerText(long)).toBe(lowered);
      expect(lowerCase).toHaveBeenCalledTimes(1);
      expect(view.lower(pathRef('message'))).toBe(lowered);
      expect(view.lowerText(long)).toBe(lowered);
      expect(lowerCase).toHaveBeenCalledTimes(1);
      // Another text of the event, and the same text in the next event, are lower-cased anew.
      expect(view.lower(pathRef('other'))).toBe(loweredOther);
      expect(lowerCase).toHaveBeenCalledTimes(2);
      view.reset({ message: long });
      expect(view.lowerText(long)).toBe(lowered);
      expect(lowerCase).toHaveBeenCalledTimes(3);
    } finally {
      lowerCase.mockRestore();
    }
  });

  it('collects string leaves once, lower-casing only on demand', () => {
    const view = new CachedView();
    view.reset({ a: 'X', b: [{ c: 'Y' }, 3, null], d: { e: { f: 'Z' } } });
    const leaves = view.leaves();
    expect(leaves.raw.sort()).toEqual(['X', 'Y', 'Z']);
    expect(leaves.lower.sort()).toEqual(['x', 'y', 'z']);
    expect(view.leaves()).toBe(leaves);
  });
});

describe('DirectView', () => {
  it('walks inherited enumerable keys as for-in does: a prototype, or a polluted Object.prototype', () => {
    const view = new CachedView();
    const child = Object.assign(Object.create({ inherited: 'from-proto' }) as object, { own: 'own' });
    const bare = Object.assign(Object.create(null) as object, { d: 'null-proto' });
    view.reset({ a: child, b: { c: 'plain', n: [1, 'in-array'] }, e: bare });
    expect(view.leaves().raw).toEqual(['own', 'from-proto', 'plain', 'in-array', 'null-proto']);
    let polluted: string[];
    Object.defineProperty(Object.prototype, 'polluted', { value: 'p', enumerable: true, configurable: true });
    try {
      view.reset({ b: { c: 'plain' } });
      polluted = [...view.leaves().raw];
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(polluted).toEqual(['plain', 'p', 'p']);
  });

  it('reads on every call (the naive baseline shares nothing)', () => {
    const { event, reads } = countingEvent('x');
    const view = new DirectView(event);
    view.lower(pathRef('process.command_line'));
    view.lower(pathRef('process.command_line'));
    expect(reads.count).toBe(2);
  });

  it('bounds the leaf walk on hostile nesting without overflowing the stack', () => {
    let deep: Record<string, unknown> = { leaf: 'bottom' };
    for (let i = 0; i < 100_000; i += 1) deep = { n: deep };
    const view = new DirectView({ top: 'visible', deep });
    expect(view.leaves().raw).toEqual(['visible']);
  });
});

// Lines and their offsets from chunks cut anywhere, with the bound on a line's length.
import { LineSplitter } from '../../../src/inputs/file/line-splitter';

const split = (splitter: LineSplitter, chunks: string[], from = 0) => {
  let at = from;
  return chunks.flatMap((c) => {
    const out = splitter.push(Buffer.from(c), at);
    at += Buffer.byteLength(c);
    return out.map((l) => ({ ...l, bytes: l.bytes.toString() }));
  });
};

describe('LineSplitter', () => {
  it('gives each line its offset and where the next starts, across chunk boundaries and CRLF', () => {
    const s = new LineSplitter(100, 0);
    expect(split(s, ['ab', 'c\r\nde', 'f\n', '\n'])).toEqual([
      { offset: 0, next: 5, bytes: 'abc', truncated: false, partial: false },
      { offset: 5, next: 9, bytes: 'def', truncated: false, partial: false },
      { offset: 9, next: 10, bytes: '', truncated: false, partial: false },
    ]);
    expect(s.start).toBe(10);
    expect(s.pending).toBe(false);
  });

  it('starts at a checkpoint offset', () => {
    const s = new LineSplitter(100, 42);
    expect(split(s, ['x\n'], 42)).toEqual([{ offset: 42, next: 44, bytes: 'x', truncated: false, partial: false }]);
  });

  it('cuts a long line at the bound, skips the rest up to its LF, and keeps `start` on it until then', () => {
    const s = new LineSplitter(4, 0);
    const first = split(s, ['abcdefgh']);
    expect(first).toEqual([{ offset: 0, next: 0, bytes: 'abcd', truncated: true, partial: false }]);
    expect(s.start).toBe(0);
    expect(s.pending).toBe(true);
    expect(split(s, ['ijk', 'l\nok\n'], 8)).toEqual([{ offset: 13, next: 16, bytes: 'ok', truncated: false, partial: false }]);
    expect(s.start).toBe(16);
  });

  it('cuts a line whose LF is in the same chunk, never inside a character', () => {
    const s = new LineSplitter(5, 0);
    expect(split(s, ['ééé\n'])).toEqual([{ offset: 0, next: 7, bytes: 'éé', truncated: true, partial: false }]);
  });

  it('hands over an unfinished line as partial, or ends the skipping of a cut one', () => {
    const s = new LineSplitter(100, 0);
    split(s, ['a\nbc']);
    expect(s.takePartial(4)).toMatchObject({ offset: 2, next: 4, partial: true });
    expect(s.start).toBe(4);
    expect(s.takePartial(4)).toBeUndefined();
    const cut = new LineSplitter(2, 0);
    split(cut, ['abcdef']);
    expect(cut.takePartial(6)).toBeUndefined();
    expect(cut.start).toBe(6);
    expect(cut.pending).toBe(false);
  });
});

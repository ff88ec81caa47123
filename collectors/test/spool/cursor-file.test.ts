import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCursor, encodeCursor, readCursorFile, writeCursorFile } from '../../src/spool/cursor-file';
import { nodeSpoolFileSystem } from '../../src/spool';
import { removeTempDirs, tempDir } from './support/spool-helpers';

afterEach(removeTempDirs);

describe('cursor file', () => {
  it('round-trips a cursor, including offsets beyond 4 GiB', () => {
    expect(decodeCursor(encodeCursor({ seq: 7, offset: 123 }))).toEqual({ seq: 7, offset: 123 });
    expect(decodeCursor(encodeCursor({ seq: 2 ** 40, offset: 2 ** 33 + 5 }))).toEqual({ seq: 2 ** 40, offset: 2 ** 33 + 5 });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['truncated', encodeCursor({ seq: 3, offset: 9 }).subarray(0, 20)],
    ['too long', Buffer.concat([encodeCursor({ seq: 3, offset: 9 }), Buffer.from([0])])],
    ['text', Buffer.from('{"seq":3,"offset":9}    ')],
    ['bit flip', (() => {
      const b = encodeCursor({ seq: 3, offset: 9 });
      b[12] ^= 4;
      return b;
    })()],
  ])('treats %s bytes as unreadable', (_name, bytes) => {
    expect(decodeCursor(bytes)).toBeUndefined();
  });

  it('is replaced atomically and reads back; a missing file is not an error', async () => {
    const dir = tempDir();
    expect(await readCursorFile(nodeSpoolFileSystem, dir)).toEqual({ kind: 'missing' });
    await writeCursorFile(nodeSpoolFileSystem, dir, { seq: 1, offset: 10 });
    await writeCursorFile(nodeSpoolFileSystem, dir, { seq: 2, offset: 20 });
    expect(await readCursorFile(nodeSpoolFileSystem, dir)).toEqual({ kind: 'ok', cursor: { seq: 2, offset: 20 } });
    expect(readdirSync(dir)).toEqual(['cursor']);
    expect(readFileSync(join(dir, 'cursor'))).toHaveLength(24);
    expect(existsSync(join(dir, 'cursor.tmp'))).toBe(false);
  });
});

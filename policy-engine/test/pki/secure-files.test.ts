import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, writeFileAtomic } from '../../src/pki/secure-files';
import { Scratch } from './support/openssl';

let scratch: Scratch;
let oldUmask: number;
beforeAll(() => {
  scratch = new Scratch();
  // A permissive umask must not leak into the modes of what we write.
  oldUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(oldUmask);
  scratch.remove();
});

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('ensurePrivateDirectory', () => {
  it('creates missing directories with mode 0700', async () => {
    const dir = join(scratch.dir, 'a', 'pki');
    await ensurePrivateDirectory(dir);
    expect(mode(dir)).toBe(0o700);
    await expect(ensurePrivateDirectory(dir)).resolves.toBeUndefined();
  });

  it('refuses an existing directory others can enter', async () => {
    const dir = scratch.path('open');
    mkdirSync(dir, { mode: 0o755 });
    await expect(ensurePrivateDirectory(dir)).rejects.toMatchObject({ code: 'HALONG_PKI_INSECURE_PERMISSIONS' });
  });
});

describe('writeFileAtomic', () => {
  it('writes with the exact mode despite the umask and leaves no temporary file', async () => {
    const dir = scratch.path('files');
    await ensurePrivateDirectory(dir);
    await writeFileAtomic(join(dir, 'secret'), 'key', 0o600, { replace: false });
    expect(mode(join(dir, 'secret'))).toBe(0o600);
    expect(readFileSync(join(dir, 'secret'), 'utf8')).toBe('key');
    await expect(writeFileAtomic(join(dir, 'secret'), 'other', 0o600, { replace: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(dir, 'secret'), 'utf8')).toBe('key');
    await writeFileAtomic(join(dir, 'secret'), 'new', 0o600, { replace: true });
    expect(readFileSync(join(dir, 'secret'), 'utf8')).toBe('new');
    expect(mode(join(dir, 'secret'))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['secret']);
  });
});

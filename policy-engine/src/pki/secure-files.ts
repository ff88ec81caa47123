import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PkiError } from './errors';

/** File mode of private key files: owner read/write only. */
export const SECRET_FILE_MODE = 0o600;
/** File mode of certificate files. */
export const PUBLIC_FILE_MODE = 0o644;
/** Mode of the CA directory: owner only. */
export const PRIVATE_DIR_MODE = 0o700;

// POSIX permission bits mean nothing on Windows, where ACLs protect the directory instead.
const CHECK_MODES = process.platform !== 'win32';

/**
 * Creates `dir` with mode 0700 if it is missing. An existing directory that group or others can
 * enter is refused with `HALONG_PKI_INSECURE_PERMISSIONS` rather than silently tightened: someone
 * may already have copied the keys.
 */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created !== undefined) {
    // mkdir's mode is filtered by the umask; set it exactly.
    await chmod(dir, PRIVATE_DIR_MODE);
    return;
  }
  const info = await stat(dir);
  if (CHECK_MODES && (info.mode & 0o077) !== 0) {
    throw new PkiError('HALONG_PKI_INSECURE_PERMISSIONS', `${dir} has mode ${(info.mode & 0o777).toString(8)}; run chmod 700 on it.`);
  }
}

/** Throws `HALONG_PKI_INSECURE_PERMISSIONS` if group or others may read the file, or if it is a symlink. */
export async function assertSecretFile(path: string): Promise<void> {
  const info = await lstat(path);
  if (!info.isFile()) throw new PkiError('HALONG_PKI_INSECURE_PERMISSIONS', `${path} is not a regular file.`);
  if (CHECK_MODES && (info.mode & 0o077) !== 0) {
    throw new PkiError('HALONG_PKI_INSECURE_PERMISSIONS', `${path} has mode ${(info.mode & 0o777).toString(8)}; run chmod 600 on it.`);
  }
}

async function writeTemp(path: string, content: string, mode: number): Promise<string> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  // The mode is applied at creation, so the secret is never readable by others, not even briefly.
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/**
 * Writes a complete file atomically. With `replace: false` it never overwrites: an existing file
 * fails with `EEXIST`, so two processes creating the CA at once cannot clobber each other's keys.
 */
export async function writeFileAtomic(path: string, content: string, mode: number, options: { replace: boolean }): Promise<void> {
  const temp = await writeTemp(path, content, mode);
  try {
    // link(2) fails on an existing target, rename(2) replaces it; both are atomic.
    if (options.replace) await rename(temp, path);
    else await link(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (!options.replace) await unlink(temp);
}

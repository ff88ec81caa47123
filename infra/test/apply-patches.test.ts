import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The postinstall script is plain CommonJS (it runs before anything is built).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const patches = require('../../scripts/apply-patches.cjs') as {
  parseUnifiedDiff(text: string): { path: string; hunks: unknown[] }[];
  applyHunks(original: string, hunks: unknown[], path?: string): string;
  applyPatches(rootDir: string, patchesDir?: string): string[];
  sha256(text: string): string;
};

const ORIGINAL = ['one', 'two', 'three', '', 'five', 'six', 'seven', 'eight', ''].join('\n');
const PATCHED = ['one', 'TWO', 'three', '', 'five', 'six', 'seven', 'eight', 'nine', ''].join('\n');
const DIFF = ['--- a/lib/a.js', '+++ b/lib/a.js', '@@ -1,4 +1,4 @@', ' one', '-two', '+TWO', ' three', '', '@@ -7,2 +7,3 @@', ' seven', ' eight', '+nine', ''].join('\n');

describe('parseUnifiedDiff and applyHunks', () => {
  it('applies hunks, an empty context line without its space included', () => {
    const [file] = patches.parseUnifiedDiff(DIFF);
    expect(file!.path).toBe('lib/a.js');
    expect(file!.hunks).toHaveLength(2);
    expect(patches.applyHunks(ORIGINAL, file!.hunks)).toBe(PATCHED);
  });

  it('refuses a file whose lines are not what the patch expects', () => {
    const [file] = patches.parseUnifiedDiff(DIFF);
    expect(() => patches.applyHunks(ORIGINAL.replace('three', 'THREE'), file!.hunks, 'lib/a.js')).toThrow(/lib\/a.js: line 3 is not what the patch expects/);
  });

  it('refuses a hunk cut short', () => {
    expect(() => patches.parseUnifiedDiff(DIFF.split('\n').slice(0, 5).join('\n'))).toThrow(/cut short/);
  });
});

describe('applyPatches', () => {
  let root: string;
  const target = (): string => join(root, 'node_modules', 'dep', 'lib', 'a.js');
  const setUp = (version = '1.2.3', content = ORIGINAL, patchedHash = patches.sha256(PATCHED)): void => {
    mkdirSync(join(root, 'node_modules', 'dep', 'lib'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep', version }));
    writeFileSync(target(), content);
    const dir = join(root, 'patches', 'dep@1.2.3');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dep.diff'), DIFF);
    writeFileSync(join(dir, 'hashes.json'), JSON.stringify({ 'lib/a.js': { original: patches.sha256(ORIGINAL), patched: patchedHash } }));
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'halong-patches-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('patches the original once and leaves a patched file alone', () => {
    setUp();
    expect(patches.applyPatches(root)).toEqual(['patched dep@1.2.3 (1 of 1 files)']);
    expect(readFileSync(target(), 'utf8')).toBe(PATCHED);
    expect(patches.applyPatches(root)).toEqual(['dep@1.2.3 already patched (1 files)']);
    expect(readFileSync(target(), 'utf8')).toBe(PATCHED);
  });

  it('stops on another installed version', () => {
    setUp('1.2.4');
    expect(() => patches.applyPatches(root)).toThrow('patches/dep@1.2.3: installed dep is 1.2.4; re-make the patch for it');
    expect(readFileSync(target(), 'utf8')).toBe(ORIGINAL);
  });

  it('stops on a file that is neither the original nor the patched one', () => {
    setUp('1.2.3', `${ORIGINAL}// local edit\n`);
    expect(() => patches.applyPatches(root)).toThrow('dep/lib/a.js is neither the original nor the patched file');
  });

  it('writes nothing when the result does not hash to the recorded value', () => {
    setUp('1.2.3', ORIGINAL, patches.sha256('something else'));
    expect(() => patches.applyPatches(root)).toThrow('does not hash to the recorded result');
    expect(readFileSync(target(), 'utf8')).toBe(ORIGINAL);
  });

  it('does nothing without a patches folder', () => {
    expect(patches.applyPatches(root)).toEqual([]);
  });
});

// Applies the patches under patches/<package>@<version>/ to node_modules (run by `postinstall`).
// Each folder holds unified diffs (*.diff) and hashes.json: the SHA-256 of every file before and
// after. A file is patched only when it is byte for byte the original, and the result must hash
// to the recorded value; an installed version or file that differs stops the install with the
// folder to re-make, never a half-applied or fuzzy patch.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Splits a unified diff into files, each a list of hunks `{ oldStart, lines }` (lines keep their ' ', '-' or '+'). */
function parseUnifiedDiff(text) {
  const files = [];
  let file;
  let hunk;
  for (const line of text.split('\n')) {
    if (line.startsWith('--- ')) continue;
    if (line.startsWith('+++ ')) {
      file = { path: line.slice(4).replace(/^b\//, '').trim(), hunks: [] };
      files.push(file);
      hunk = undefined;
      continue;
    }
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (header) {
      if (!file) throw new Error('a hunk before any file header');
      hunk = { oldStart: Number(header[1]), lines: [], old: Number(header[2] ?? 1), new: Number(header[3] ?? 1) };
      file.hunks.push(hunk);
      continue;
    }
    if (!hunk || (hunk.old === 0 && hunk.new === 0)) continue;
    // Some editors strip the space of an empty context line.
    const kind = line === '' ? ' ' : line[0];
    if (kind !== ' ' && kind !== '-' && kind !== '+') throw new Error(`${file.path}: unexpected line in a hunk: ${JSON.stringify(line)}`);
    hunk.lines.push(line === '' ? ' ' : line);
    if (kind !== '+') hunk.old--;
    if (kind !== '-') hunk.new--;
  }
  for (const f of files) for (const h of f.hunks) if (h.old !== 0 || h.new !== 0) throw new Error(`${f.path}: the hunk at line ${h.oldStart} is cut short`);
  return files;
}

/** Applies hunks to a file's text; every context and removed line must match exactly where the hunk says. */
function applyHunks(original, hunks, path = 'file') {
  const source = original.split('\n');
  const out = [];
  let at = 0; // next source line (0-based) not yet copied
  for (const hunk of hunks) {
    const start = Math.max(hunk.oldStart - 1, 0);
    if (start < at) throw new Error(`${path}: hunks overlap or are out of order at line ${hunk.oldStart}`);
    out.push(...source.slice(at, start));
    at = start;
    for (const line of hunk.lines) {
      const body = line.slice(1);
      if (line[0] === '+') {
        out.push(body);
        continue;
      }
      if (source[at] !== body) throw new Error(`${path}: line ${at + 1} is not what the patch expects (${JSON.stringify(body)})`);
      if (line[0] === ' ') out.push(body);
      at++;
    }
  }
  out.push(...source.slice(at));
  return out.join('\n');
}

/** Patches every package under `patchesDir` installed in `rootDir`'s node_modules; returns one line per package. */
function applyPatches(rootDir, patchesDir = join(rootDir, 'patches')) {
  if (!existsSync(patchesDir)) return [];
  const report = [];
  for (const folder of readdirSync(patchesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const at = folder.lastIndexOf('@');
    const [name, version] = [folder.slice(0, at), folder.slice(at + 1)];
    const dir = join(patchesDir, folder);
    const manifest = join(rootDir, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) throw new Error(`patches/${folder}: ${name} is not installed`);
    const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (installed !== version) throw new Error(`patches/${folder}: installed ${name} is ${installed}; re-make the patch for it (see patches/${folder}/README.md)`);
    const hashes = JSON.parse(readFileSync(join(dir, 'hashes.json'), 'utf8'));
    const files = readdirSync(dir).filter((f) => f.endsWith('.diff')).sort().flatMap((f) => parseUnifiedDiff(readFileSync(join(dir, f), 'utf8')));
    let changed = 0;
    for (const file of files) {
      const expected = hashes[file.path];
      if (!expected) throw new Error(`patches/${folder}: hashes.json has no entry for ${file.path}`);
      const target = join(dirname(manifest), file.path);
      const current = readFileSync(target, 'utf8');
      const hash = sha256(current);
      if (hash === expected.patched) continue;
      if (hash !== expected.original) throw new Error(`patches/${folder}: ${name}/${file.path} is neither the original nor the patched file; re-make the patch`);
      const patched = applyHunks(current, file.hunks, `${name}/${file.path}`);
      if (sha256(patched) !== expected.patched) throw new Error(`patches/${folder}: ${name}/${file.path} does not hash to the recorded result after patching`);
      // Written beside and renamed, so an interrupted install never leaves half a file.
      writeFileSync(`${target}.halong-patch`, patched);
      renameSync(`${target}.halong-patch`, target);
      changed++;
    }
    report.push(changed ? `patched ${folder} (${changed} of ${files.length} files)` : `${folder} already patched (${files.length} files)`);
  }
  return report;
}

module.exports = { applyHunks, applyPatches, parseUnifiedDiff, sha256 };

if (require.main === module) {
  try {
    for (const line of applyPatches(join(__dirname, '..'))) console.log(`halong: ${line}`);
  } catch (err) {
    console.error(`halong: ${err.message}`);
    process.exit(1);
  }
}

// Jest transform: TypeScript → CommonJS with esbuild (already used to bundle the CLI).
// Chosen over @swc/jest and ts-jest: no extra native package, and fast. Types are checked by tsc.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: filename.endsWith('.tsx') ? 'tsx' : filename.endsWith('.js') ? 'js' : 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
      sourcesContent: false,
    });
    return { code, map };
  },
};

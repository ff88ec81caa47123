// Bundles the halong command into one file. Workspace packages (@halong/*) are TypeScript
// source and get bundled; every other package stays external (native addons, smaller bundle).
import { build } from 'esbuild';

const externalDeps = {
  name: 'external-deps',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@halong/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = performance.now();
await build({
  entryPoints: ['cli/src/main.ts'],
  outfile: 'cli/dist/halong.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  plugins: [externalDeps],
  logLevel: 'warning',
});
console.log(`built cli/dist/halong.cjs in ${Math.round(performance.now() - started)} ms`);

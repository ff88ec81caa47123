// Bundles the halong command into one file. Workspace packages (@halong/*) are TypeScript
// source and get bundled; every other package stays external (native addons, smaller bundle).
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

const outdir = resolve('cli/dist');
const fromOut = createRequire(join(outdir, 'halong.cjs'));

// A package npm had to nest under a workspace (e.g. re2 under detection/node_modules, because its
// node-gyp needs other versions of shared helpers) is not found from cli/dist: point the bundle at
// the workspace's copy with a relative path.
function runtimePath(request, resolveDir) {
  let nested;
  try {
    nested = createRequire(join(resolveDir, 'x.js')).resolve(request);
  } catch {
    return request;
  }
  try {
    if (fromOut.resolve(request) === nested) return request;
  } catch {
    // not reachable from cli/dist
  }
  return `./${relative(outdir, nested).split(sep).join('/')}`;
}

const externalDeps = {
  name: 'external-deps',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@halong/')) return undefined;
      return { path: runtimePath(args.path, args.resolveDir), external: true };
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

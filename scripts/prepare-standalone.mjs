// After `next build`: make .next/standalone self-contained, as the Docker image is, so
// `node .next/standalone/server.js` serves static files, public/ and runs migrations from drizzle/, and
// `node .next/standalone/worker.cjs` runs the job engine alone (scripts/worker.ts, `npm run worker` without a source
// checkout): the image's worker replicas.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = process.cwd();
const standalone = path.join(root, '.next', 'standalone');
if (!existsSync(path.join(standalone, 'server.js'))) {
  console.error('prepare-standalone: .next/standalone/server.js is missing; run `next build` first.');
  process.exit(1);
}
for (const [from, to] of [
  ['.next/static', '.next/static'],
  ['public', 'public'],
  ['drizzle', 'drizzle'],
]) {
  const source = path.join(root, from);
  const target = path.join(standalone, to);
  if (!existsSync(source)) continue;
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
}
console.log('prepare-standalone: copied .next/static, public and drizzle into .next/standalone');

// The worker: scripts/worker.ts and every package it uses bundled into one CommonJS file, except the packages that
// load files of their own at run time (argon2's and sharp's native binaries, PGlite's WebAssembly), which it requires
// from the standalone node_modules as the server does. The standalone node_modules cannot serve the rest: next build
// keeps only the files the server's own chunks need.
const worker = path.join(standalone, 'worker.cjs');
const NATIVE = ['argon2', 'sharp', '@electric-sql/pglite', 'pg-native'];
const result = await build({
  entryPoints: [path.join(root, 'scripts/worker.ts')],
  outfile: worker,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: NATIVE.flatMap((name) => [name, `${name}/*`]),
  metafile: true,
  alias: { '@': root },
  plugins: [
    {
      // Next's after() belongs to a request, which a worker never has (the standalone output carries no next/server
      // entry for it to import either): the worker's after() throws, as Next's does outside a request, and its two
      // callers (lib/jobs/enqueue.ts, lib/email/kick-delivery.ts) then start the work themselves.
      name: 'no-requests-in-the-worker',
      setup(b) {
        b.onResolve({ filter: /^next\/server$/ }, () => ({ path: 'next/server', namespace: 'worker' }));
        b.onLoad({ filter: /.*/, namespace: 'worker' }, () => ({
          contents: "export function after() { throw new Error('after() runs inside a request; the worker has none'); }",
          loader: 'js',
        }));
      },
    },
  ],
  logLevel: 'warning',
});
// The native packages the worker uses must be in the standalone node_modules (an optional one nobody installed, such as
// pg's pg-native, stays a require that never runs).
const required = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path: specifier, external } of output.imports) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (external && NATIVE.includes(name) && existsSync(path.join(root, 'node_modules', name))) required.add(name);
  }
}
for (const name of required) {
  if (!existsSync(path.join(standalone, 'node_modules', name, 'package.json'))) {
    console.error(`prepare-standalone: the worker requires ${name}, which the standalone node_modules lacks`);
    process.exit(1);
  }
}
console.log(
  `prepare-standalone: bundled scripts/worker.ts into .next/standalone/worker.cjs (requires from node_modules: ${[...required].join(', ') || 'none'})`,
);

// After `next build`: make .next/standalone self-contained, as the Docker image is, so
// `node .next/standalone/server.js` serves static files, public/ and runs migrations from drizzle/.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

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

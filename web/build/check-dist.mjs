// node web/build/check-dist.mjs DIR — a built UI is whole: index.html names its scripts and
// styles under /assets/, and every one of them is in DIR (make web-node18 runs it on the build
// made with Node.js 18).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
if (refs.length < 2) {
  console.error(`${dir}/index.html names no assets`);
  process.exit(1);
}
const missing = refs.filter((r) => !existsSync(join(dir, r)));
if (missing.length) {
  console.error(`${dir}: missing ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`${dir}: index.html and the ${refs.length} assets it names`);

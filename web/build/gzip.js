// Vite plugin: after the bundle is written, a .gz beside every compressible file of dist/ (the C
// server sends it when the client accepts gzip). node:zlib, level 9; files under 1 KiB, or that
// do not shrink, are left alone.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|map|webmanifest)$/i;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export default function kzGzip() {
  let outDir;
  return {
    name: 'kz-gzip',
    apply: 'build',
    configResolved(c) { outDir = c.build.outDir; },
    closeBundle() {
      let n = 0, before = 0, after = 0;
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
        if (gz.length >= raw.length) continue;
        writeFileSync(`${file}.gz`, gz);
        n++; before += raw.length; after += gz.length;
      }
      this.info?.(`gzip: ${n} files, ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB`);
    },
  };
}

// After `vite build`: a .br (quality 11) and a .gz (level 9) copy beside every compressible asset over
// 1 KB, which the API serves as is to browsers that accept them (@fastify/static `preCompressed`), so the
// bundle is compressed once, at its best, rather than on every request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = new URL('../dist/assets/', import.meta.url).pathname;
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|html|txt|map)$/;
let raw = 0;
let br = 0;
for (const name of await readdir(dir)) {
  if (!COMPRESSIBLE.test(name)) continue;
  const body = await readFile(join(dir, name));
  if (body.length < 1024) continue;
  const brotli = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  await writeFile(join(dir, `${name}.br`), brotli);
  await writeFile(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  raw += body.length;
  br += brotli.length;
}
console.log(`precompressed dist/assets: ${(raw / 1024).toFixed(0)} KB → ${(br / 1024).toFixed(0)} KB brotli`);

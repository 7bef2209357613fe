import fastifyCompress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { constants } from 'node:zlib';

/**
 * br or gzip for every compressible answer over 1 KB (JSON, the console's index.html, CSV exports). Brotli at
 * quality 5: the default 11 costs tens of milliseconds per answer; the console's bundle is compressed at 11
 * once, at build time (web/scripts/precompress.mjs), and served as is by @fastify/static (`preCompressed`).
 */
export async function registerCompression(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
    zlibOptions: { level: 6 },
  });
}

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where `npm run build` puts the web console; `WEB_DIST` overrides it (e.g. in a container). */
export function webDistDir(): string {
  return resolve(process.env.WEB_DIST ?? join(process.cwd(), 'web', 'dist'));
}

/** Paths that belong to the API and never fall back to the console's index.html. */
const NOT_CONSOLE = /^\/(api|docs|health|admin\/queues)(\/|-json|$|\?)/;

/**
 * Serves the single-page console (web/dist) at `/`: its hash-named files under /assets/ with a year's
 * cache (served from their precompressed .br/.gz copies when the browser accepts them), and index.html (revalidated) for any other GET outside the API, so that a reload of
 * /leads/… or /cockpit opens the console there. Unknown API paths keep the API's own 404.
 * Does nothing when the console has not been built.
 */
export function serveWebConsole(app: NestFastifyApplication, root = webDistDir()): boolean {
  if (!existsSync(join(root, 'index.html'))) return false;
  app.useStaticAssets({
    root: join(root, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    maxAge: '365d',
    immutable: true,
    // the .br and .gz files the console's build writes beside each asset (web/scripts/precompress.mjs)
    preCompressed: true,
  });
  const index = join(root, 'index.html');
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', async (request, reply) => {
      if (NOT_CONSOLE.test(request.url) || request.url.startsWith('/assets/')) {
        reply.callNotFound();
        return reply;
      }
      // Read per page load (a few hundred bytes): a rebuilt console is picked up without a restart.
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(await readFile(index));
    });
  return true;
}

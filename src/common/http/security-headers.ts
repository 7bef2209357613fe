import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The console's policy (and the API's): its own scripts, styles and fonts only; data: images (Element Plus
 * CSS) and inline style attributes (ECharts writes its tooltip markers as HTML with style attributes),
 * but no inline <style> or script. No upgrade-insecure-requests: zero-setup mode serves plain HTTP.
 */
const CONSOLE_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
};

/** Swagger UI (/docs) and bull-board (/admin/queues) write inline <style> blocks: only they get 'unsafe-inline' styles. */
const TOOL_PAGES = /^\/(docs|admin\/queues)(\/|-json|$)/;
const TOOL_DIRECTIVES = { ...CONSOLE_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] };

/** Helmet's default headers on every answer, with the policies above (checked in a browser by test/browser). */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Added before helmet's own onRoute hook, which turns a route's `helmet` option into its config.
  fastify.addHook('onRoute', (route) => {
    if (TOOL_PAGES.test(route.url)) route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: TOOL_DIRECTIVES } };
  });
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_DIRECTIVES } });
}

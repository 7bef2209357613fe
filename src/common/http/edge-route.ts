import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Body size limits: a login needs a few hundred bytes (64 KiB still lets a too-deep body get its 400); API bodies are a few KiB. Uploads stay on multipart's own limits. */
export const BODY_LIMITS = { public: 64 * 1024, api: 1024 * 1024 } as const;

/** Fastify route config that `@Public()` sets, read by the edge checks before any Nest code runs. */
export interface EdgeRouteConfig {
  public?: boolean;
  /** The body DTO's fields: a public route's JSON body may have no others (refused at parse time). */
  bodyFields?: readonly string[];
}

export function edgeRouteConfig(request: FastifyRequest): EdgeRouteConfig {
  return (request.routeOptions.config ?? {}) as EdgeRouteConfig;
}

/** Public routes get the small body limit; others keep the instance's default (BODY_LIMITS.api). */
export function applyPublicBodyLimit(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if ((route.config as EdgeRouteConfig | undefined)?.public) route.bodyLimit ??= BODY_LIMITS.public;
  });
}

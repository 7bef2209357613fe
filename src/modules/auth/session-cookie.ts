import type { FastifyRequest } from 'fastify';

/**
 * The console's session: the access token in an HttpOnly cookie, out of reach of page scripts.
 * SameSite=Strict keeps other sites from sending it; Secure whenever the request came over TLS.
 */
export const SESSION_COOKIE = 'zscrm_session';

function attributes(request: FastifyRequest): string {
  return `Path=/; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;
}

/** Without maxAgeSeconds, a cookie for the browser session (the token's own expiry still applies). */
export function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds?: number): string {
  return `${SESSION_COOKIE}=${token}; ${maxAgeSeconds === undefined ? '' : `Max-Age=${maxAgeSeconds}; `}${attributes(request)}`;
}

export function clearedSessionCookie(request: FastifyRequest): string {
  return `${SESSION_COOKIE}=; Max-Age=0; ${attributes(request)}`;
}

/** The caller's token: the bearer header (API clients) first, else the session cookie (the console). */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  for (const pair of request.headers.cookie?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

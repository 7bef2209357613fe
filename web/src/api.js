// The one way the console talks to the API: relative base `/api/v1`, authenticated by the HttpOnly
// session cookie that login sets (the token is never within reach of scripts), errors as ApiError in
// the API's shape {statusCode, code, message, details}, and any 401 on an authenticated call sends the
// user back to the login page ("会话已过期").

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code || (status === 0 ? 'NETWORK_ERROR' : 'HTTP_' + status);
    this.details = body?.details || {};
    this.body = body;
  }
}

let onUnauthorized = () => {};
/** Set by the router: what to do when the session has expired. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function query(params) {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// One key per user action: a create the server already did is answered again instead of done twice (a page that
// lets the user retry one action passes its own key, kept until the action has an answer).
// crypto.randomUUID needs a secure context; getRandomValues does not (the console may be served over plain http).
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// `idempotencyKey`: pass the same one when retrying an action; by default each call is a new action.
async function send(method, path, { params, body, form, raw, auth = true, idempotencyKey } = {}) {
  const headers = { accept: raw ? '*/*' : 'application/json' };
  if (method === 'POST' || method === 'PUT') headers['idempotency-key'] = idempotencyKey || newIdempotencyKey();
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API_BASE + path + query(params), { method, headers, body: payload, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, { message: '无法连接服务器，请检查网络', details: { cause: String(error) } });
  }
  if (response.status === 401 && auth) {
    onUnauthorized();
    throw new ApiError(401, { code: 'UNAUTHORIZED', message: '会话已过期，请重新登录' });
  }
  if (!response.ok) {
    // an error without a JSON body (a proxy's page, an empty 502) still becomes an ApiError
    const data = await response.json().catch(() => null);
    throw new ApiError(response.status, data);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('application/json') ? response.json() : response.text();
}

export const api = {
  get: (path, params, options = {}) => send('GET', path, { ...options, params }),
  post: (path, body, options = {}) => send('POST', path, { ...options, body }),
  patch: (path, body, options = {}) => send('PATCH', path, { ...options, body }),
  put: (path, body, options = {}) => send('PUT', path, { ...options, body }),
  del: (path, params, options = {}) => send('DELETE', path, { ...options, params }),
  upload: (path, form, params) => send('POST', path, { form, params }),
  /** A file download (export): the Response, so the caller can read it as a blob. */
  download: (path, params) => send('GET', path, { params, raw: true }),
};

/** Pages through a keyset list until no cursor is left or `max` items are read. */
export async function fetchAll(path, params = {}, max = 2000) {
  const items = [];
  let cursor;
  do {
    const page = await api.get(path, { ...params, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return { items, truncated: Boolean(cursor) };
}

let capabilities;
/**
 * Which optional endpoints this server has (export, import, dashboard figures) and the query parameters
 * each declares, from GET /meta's `queryParams` (read once per session anyway; the OpenAPI document is not
 * fetched). When /meta cannot be read, everything is assumed present and a 404 is handled where used.
 */
export function serverCapabilities() {
  capabilities ??= import('./meta.js')
    .then(({ loadMeta, meta }) => loadMeta().then(() => meta.queryParams))
    .then((params) => {
      if (!params || !Object.keys(params).length) throw new Error('no routes in /meta');
      const has = (path) => path in params;
      return {
        known: true,
        params,
        export: has('/leads/export'),
        import: has('/leads/import'),
        importProgress: Object.keys(params).some((p) => p.startsWith('/imports/')),
        pipeline: has('/dashboard/pipeline'),
        breakdown: has('/dashboard/breakdown'),
        commissioners: has('/dashboard/commissioners'),
      };
    })
    .catch(() => {
      capabilities = undefined; // asked again later (e.g. after the next sign-in)
      return {
        known: false,
        params: {},
        export: true,
        import: true,
        importProgress: true,
        pipeline: true,
        breakdown: true,
        commissioners: true,
      };
    });
  return capabilities;
}

/** Only the query parameters the endpoint declares (unknown ones are refused with 400); all when unknown. */
export async function declaredParams(path, params) {
  const caps = await serverCapabilities();
  const declared = caps.params[path];
  if (!caps.known || !declared) return params;
  return Object.fromEntries(Object.entries(params).filter(([key]) => declared.includes(key)));
}

/** Saves a download (export, template, rejected rows) under the file name the server gives, else `fallback`. */
export async function saveDownload(response, fallback) {
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') || '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] || match[2]) : fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

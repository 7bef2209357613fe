/** Query parameters whose values never reach a log (the queue dashboard takes `?token=<JWT>`). */
const SECRET_PARAMS = new Set(['token', 'access_token', 'password']);

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** The URL as it may be logged: the values of secret query parameters (names compared decoded) replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const hashAt = url.indexOf('#', queryAt);
  const end = hashAt < 0 ? url.length : hashAt;
  const pairs = url
    .slice(queryAt + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return SECRET_PARAMS.has(decodedName(name)) ? `${name}=[REDACTED]` : pair;
    });
  return `${url.slice(0, queryAt + 1)}${pairs.join('&')}${url.slice(end)}`;
}

/**
 * A small round-robin HTTP proxy of Node's own for the topology test: each request goes to the next backend that
 * is not marked dead; a backend that refuses the connection is marked dead for `deadForMs` and the request is
 * sent to the next one (it never reached the refusing one, so this is safe for any method). A backend that dies
 * in the middle of a request answers 502: the client does not know whether the write happened and retries it with
 * its Idempotency-Key.
 */
import http from 'node:http';

export function startProxy({ port, backends, deadForMs = 2000 }) {
  const deadUntil = new Map();
  let next = 0;
  const counts = { forwarded: 0, refused: 0, cut: 0 };
  const pick = (tried) => {
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[(next + i) % backends.length];
      if (tried.has(backend) || (deadUntil.get(backend) ?? 0) > Date.now()) continue;
      next = (backends.indexOf(backend) + 1) % backends.length;
      return backend;
    }
    return null;
  };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const tried = new Set();
      const attempt = () => {
        const backend = pick(tried);
        if (!backend) {
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ statusCode: 503, code: 'NO_BACKEND', message: 'no API process answers' }));
          return;
        }
        tried.add(backend);
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port: backend,
            method: request.method,
            path: request.url,
            headers: { ...request.headers, 'x-forwarded-for': '127.0.0.1' },
          },
          (answer) => {
            counts.forwarded += 1;
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            answer.on('error', () => response.destroy());
          },
        );
        upstream.on('error', (error) => {
          if (error.code === 'ECONNREFUSED' && !response.headersSent) {
            counts.refused += 1;
            deadUntil.set(backend, Date.now() + deadForMs);
            attempt();
            return;
          }
          counts.cut += 1;
          deadUntil.set(backend, Date.now() + deadForMs);
          if (response.headersSent) response.destroy();
          else {
            response.writeHead(502, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ statusCode: 502, code: 'BAD_GATEWAY', message: `backend ${backend}: ${error.message}` }));
          }
        });
        upstream.end(body);
      };
      attempt();
    });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    );
  });
}

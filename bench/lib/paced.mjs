/**
 * How the sections send their requests: an open-loop paced load (pacedLoad) or one request at a time (oneAtATime).
 *
 * pacedLoad, an open-loop, evenly paced load: request i is sent at t0 + i × (1000 / rate) ms over a keep-alive
 * pool of `connections` sockets, whatever the earlier ones are doing; a request's latency runs from
 * its scheduled send time to the end of its body, so queueing in the client counts too (no
 * coordinated omission).
 *
 * Why not autocannon's fixed rate: autocannon's -R gives each connection a quota per second that it
 * spends at the start of every second, so at 93 req/s over 50 connections the server gets a burst of
 * ~93 requests each second, and it records those latencies with an expected interval of ceil(1/rate)
 * = 1 ms (rate per connection per second taken as per ms), which back-fills a synthetic sample for
 * every millisecond of a slow response. Its fixed-rate figures are still recorded beside these.
 */
import http from 'node:http';
import { percentile, round, sleep, timedGet } from './util.mjs';

export async function pacedLoad(url, headers, { rate, duration, connections }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const interval = 1000 / rate;
  const total = Math.floor(rate * duration);
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  const inflight = new Set();
  const t0 = performance.now() + 50;
  const send = (scheduled) =>
    new Promise((resolve) => {
      const req = http.request(
        { hostname: target.hostname, port: target.port, path: target.pathname + target.search, headers, agent, timeout: 10_000 },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
            latencies.push(performance.now() - scheduled);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end();
    });
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    const p = send(scheduled);
    inflight.add(p);
    p.then(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    rps: round(latencies.length / elapsed, 1),
    p50_ms: round(percentile(latencies, 50), 2),
    p90_ms: round(percentile(latencies, 90), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    max_ms: round(Math.max(...latencies), 2),
    requests: latencies.length,
    non2xx,
    errors,
  };
}

/**
 * One request at a time after one warm-up: up to `samples` requests, stopping once `budgetMs` is spent but not
 * before `minSamples` (a minute-long request still gets a few). `url` is a string or, for a different URL per
 * request, a function of the request's index (the warm-up is index 0); `onBody` sees each measured body.
 * Throws on a non-2xx (timedGet). p50/p95/p99 in ms and the last response's size in characters.
 */
export async function oneAtATime(url, token, { samples, budgetMs, minSamples, onBody = () => undefined }) {
  const urlOf = typeof url === 'function' ? url : () => url;
  const times = [];
  let chars = 0;
  await timedGet(urlOf(0), token); // warm-up
  const t0 = Date.now();
  for (let i = 0; i < samples && (i < minSamples || Date.now() - t0 < budgetMs); i++) {
    const { ms, body } = await timedGet(urlOf(i), token);
    times.push(ms);
    chars = body.length;
    onBody(body);
  }
  return {
    samples: times.length,
    p50_ms: round(percentile(times, 50), 1),
    p95_ms: round(percentile(times, 95), 1),
    p99_ms: round(percentile(times, 99), 1),
    response_chars: chars,
  };
}

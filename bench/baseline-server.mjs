/**
 * The bare baseline for the list benchmark: Fastify + `pg`, no framework, no auth, no validation, no
 * DTO mapping — it runs the app's own SQL (captured from the app by the benchmark, see sql-tap.cjs)
 * with the request's values bound in, and answers the rows as JSON with the same keyset cursor.
 *
 *   BASELINE_SPEC=spec.json DATABASE_URL=… PORT=… node bench/baseline-server.mjs
 *
 * spec.json: {"sql": "...", "values": [...captured values...], "bind": [{"query": "stage", "index": 2, "list": true}, {"query": "limit", "index": 4, "plusOne": true}]}
 * Each bound query-string parameter replaces the captured value at `index`; the others are used as captured.
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value); // as the app does

const spec = JSON.parse(fs.readFileSync(process.env.BASELINE_SPEC, 'utf8'));
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 20),
  application_name: 'zscrm-bench-baseline',
});
const app = Fastify({ logger: false });

app.get('/api/v1/leads', async (request, reply) => {
  const values = [...spec.values];
  let limit = 20;
  for (const bind of spec.bind) {
    const raw = request.query[bind.query];
    if (raw === undefined) continue;
    if (bind.plusOne) {
      limit = Number(raw);
      values[bind.index] = limit + 1;
    } else {
      values[bind.index] = bind.list ? String(raw).split(',') : raw;
    }
  }
  const { rows } = await pool.query(spec.sql, values);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([last._sortKey, last.id]), 'utf8').toString('base64url') : null;
  for (const row of page) delete row._sortKey;
  return reply.send({ items: page, nextCursor });
});

app.get('/health', async () => ({ status: 'ok' }));

const shutdown = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' });
process.stdout.write(`baseline listening on ${process.env.PORT}\n`);

/**
 * carriers (issue 19): BENCH_CARRIERS carriers (default 100,000) across the seeded zone tree's parks, requirements
 * on a sample of the live leads, then GET /api/v1/leads/:id/carrier-matches.
 *
 * Seeding (once per seeded lead set and carrier count, recorded in `_bench_seed_carriers`): one
 * INSERT … SELECT generate_series on the server, every value drawn from the row number (a rerun gives the same
 * data). Kinds 40 % land, 40 % standard factories, 20 % buildings; sizes skewed small (land 5–200 亩, factories
 * 500–30,000 m², building floors 100–5,000 m²); about 15 % free (land available, floor space vacant, with
 * a vacant-since date up to four years back), the rest transferred, leased or sold. No carrier is reserved
 * (a reservation is a row of carrier_reservations as well; the matching lists free carriers only).
 * Requirements go on about a fifth of the live leads not yet signed (deterministic from the lead's id): one
 * kind with a size range around a plausible middle, for floor space a floor load, height and power minimum
 * now and then, a land use for most land, an environmental category for some.
 *
 * Measurement: a promoter's GET /leads/:id/carrier-matches over many different leads of their own team that
 * have requirements, one request at a time (as the obligations section), up to SAMPLES within BUDGET_MS;
 * p50/p95/p99, the mean number of candidates that fit, and the response size.
 */
import pg from 'pg';
import { oneAtATime } from './paced.mjs';
import { fmt, log, round, sqlDraw, table } from './util.mjs';

const SAMPLES = 400;
const BUDGET_MS = 90_000;
const MIN_SAMPLES = 20;

const d = (salt) => sqlDraw('g.i', salt);
const r = (salt) => sqlDraw('l.id', salt);

/** The carriers, one statement: the kind from one draw, its status and size from others. */
const carriersSql = (parks) => `
  INSERT INTO carriers (code, name, kind, park_code, status, status_changed_at, created_at, updated_at, area_mu, land_use, plot_ratio,
                        building_density, height_limit, building, floor, floor_area, floor_load, clear_height, crane_tons, power_kva,
                        water, gas, sewage, wastewater_allowed, exhaust_allowed, price, rent, vacant_since, note)
  SELECT 'BC-' || lpad(g.i::text, 6, '0'),
         p.park || CASE k.kind WHEN 'land' THEN '地块' WHEN 'factory' THEN '标准厂房' ELSE '楼宇' END || g.i,
         k.kind, p.park, s.status, now() - make_interval(days => floor(${d('age')} * 2000)::int), now(), now(),
         CASE WHEN k.kind = 'land' THEN round((5 + 195 * power(${d('size')}, 2))::numeric, 2) END,
         CASE WHEN k.kind = 'land' THEN (ARRAY['industrial','industrial','industrial','industrial','rd','logistics','commercial','mixed'])[1 + floor(${d('use')} * 8)::int] END,
         CASE WHEN k.kind = 'land' THEN round((0.8 + 2.2 * ${d('ratio')})::numeric, 2) END,
         CASE WHEN k.kind = 'land' THEN round((30 + 30 * ${d('density')})::numeric, 2) END,
         CASE WHEN k.kind = 'land' THEN (ARRAY[24, 36, 50, 80])[1 + floor(${d('hl')} * 4)::int] END,
         CASE WHEN k.kind <> 'land' THEN (1 + floor(${d('bld')} * 30)::int) || '号楼' END,
         CASE WHEN k.kind = 'building' THEN (1 + floor(${d('fl')} * 24)::int) || '层' WHEN k.kind = 'factory' THEN '1层' END,
         CASE k.kind WHEN 'factory' THEN round((500 + 29500 * power(${d('size')}, 2))::numeric, 2)
                     WHEN 'building' THEN round((100 + 4900 * power(${d('size')}, 2))::numeric, 2) END,
         CASE k.kind WHEN 'factory' THEN (ARRAY[3, 5, 5, 8, 10, 12])[1 + floor(${d('load')} * 6)::int]
                     WHEN 'building' THEN (ARRAY[2, 2.5, 3, 5])[1 + floor(${d('load')} * 4)::int] END,
         CASE k.kind WHEN 'factory' THEN (ARRAY[6, 8, 9, 10, 12, 14])[1 + floor(${d('height')} * 6)::int]
                     WHEN 'building' THEN (ARRAY[3.6, 4.2, 4.5, 5.4])[1 + floor(${d('height')} * 4)::int] END,
         CASE WHEN k.kind = 'factory' AND ${d('crane')} < 0.4 THEN (ARRAY[5, 10, 16, 20, 32])[1 + floor(${d('ct')} * 5)::int] END,
         CASE WHEN ${d('pnull')} < 0.1 THEN NULL ELSE (ARRAY[100, 250, 400, 630, 800, 1250, 2000, 4000])[1 + floor(${d('power')} * 8)::int] END,
         CASE WHEN k.kind = 'land' THEN ${d('water')} < 0.9 END,
         CASE WHEN k.kind = 'land' THEN ${d('gas')} < 0.7 END,
         CASE WHEN k.kind = 'land' THEN ${d('sewage')} < 0.75 END,
         CASE WHEN k.kind <> 'land' THEN ${d('ww')} < 0.35 END,
         CASE WHEN k.kind <> 'land' THEN ${d('ex')} < 0.3 END,
         CASE WHEN ${d('price')} < 0.8 THEN round((CASE k.kind WHEN 'land' THEN 20 ELSE 0.5 END * (5 + 995 * ${d('pv')}))::numeric, 2) END,
         CASE WHEN k.kind <> 'land' THEN round((8 + 30 * ${d('rent')})::numeric, 2) END,
         CASE WHEN s.free THEN (current_date - floor(${d('idle')} * 1460)::int) END,
         NULL
  FROM generate_series(1, $1::int) AS g(i)
  CROSS JOIN LATERAL (SELECT (${sqlArray(parks)})[1 + floor(${d('park')} * ${parks.length})::int] AS park) p
  CROSS JOIN LATERAL (SELECT CASE WHEN ${d('kind')} < 0.4 THEN 'land' WHEN ${d('kind')} < 0.8 THEN 'factory' ELSE 'building' END AS kind) k
  CROSS JOIN LATERAL (SELECT ${d('status')} < 0.15 AS free, ${d('taken')} AS t) f
  CROSS JOIN LATERAL (SELECT f.free,
                             CASE WHEN k.kind = 'land' THEN CASE WHEN f.free THEN 'available' ELSE 'transferred' END
                                  WHEN f.free THEN 'vacant' WHEN f.t < 0.75 THEN 'leased' ELSE 'sold' END AS status) s`;

function sqlArray(values) {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
}

/** Requirements on about a fifth of the live leads not yet signed. */
const requirementsSql = (parks) => `
  INSERT INTO lead_requirements (lead_id, kinds, match_kinds, park_codes, land_use, environmental_category, budget, note, updated_at,
                                 land_area_mu_min, land_area_mu_max, floor_area_min, floor_area_max, floor_load_min, clear_height_min,
                                 power_kva_min)
  SELECT l.id, CASE WHEN ${r('named')} < 0.85 THEN ARRAY[k.kind] ELSE '{}'::text[] END, ARRAY[k.kind],
         CASE WHEN ${r('parks')} < 0.3 THEN ARRAY[(${sqlArray(parks)})[1 + floor(${r('park')} * ${parks.length})::int]] ELSE '{}'::text[] END,
         CASE WHEN k.kind = 'land' AND ${r('use')} < 0.8 THEN (ARRAY['industrial','industrial','industrial','rd','logistics'])[1 + floor(${r('lu')} * 5)::int] END,
         CASE WHEN ${r('env')} < 0.6 THEN (ARRAY['clean','clean','wastewater','exhaust','both'])[1 + floor(${r('ec')} * 5)::int] END,
         CASE WHEN ${r('budget')} < 0.4 THEN round((500 + 20000 * ${r('bv')})::numeric, 2) END,
         NULL, l.updated_at,
         CASE WHEN k.kind = 'land' THEN round(m.mid * 0.8, 2) END, CASE WHEN k.kind = 'land' THEN round(m.mid * 1.25, 2) END,
         CASE WHEN k.kind <> 'land' THEN round(m.mid * 0.8, 2) END, CASE WHEN k.kind <> 'land' THEN round(m.mid * 1.3, 2) END,
         CASE WHEN k.kind = 'factory' AND ${r('load')} < 0.5 THEN (ARRAY[3, 5, 8])[1 + floor(${r('lv')} * 3)::int] END,
         CASE WHEN k.kind = 'factory' AND ${r('height')} < 0.4 THEN (ARRAY[6, 8, 10])[1 + floor(${r('hv')} * 3)::int] END,
         CASE WHEN ${r('power')} < 0.3 THEN (ARRAY[250, 400, 630, 1250])[1 + floor(${r('pv')} * 4)::int] END
  FROM leads l
  CROSS JOIN LATERAL (SELECT CASE WHEN ${r('kind')} < 0.45 THEN 'land' WHEN ${r('kind')} < 0.85 THEN 'factory' ELSE 'building' END AS kind) k
  CROSS JOIN LATERAL (SELECT (CASE k.kind WHEN 'land' THEN 10 + 90 * ${r('size')} WHEN 'factory' THEN 1000 + 14000 * ${r('size')}
                                          ELSE 200 + 2300 * ${r('size')} END)::numeric AS mid) m
  WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND l.stage = ANY($1::text[]) AND ${r('sample')} < 0.2`;

/** Seeds the carriers and the requirements once for the seeded leads (a reseed of the leads empties these tables first). */
export async function seedCarriersIfNeeded({ databaseUrl, leads, carriers, matchedStages }) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'zscrm-bench-seed-carriers' });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS _bench_seed_carriers (id int PRIMARY KEY DEFAULT 1, leads bigint NOT NULL, carriers bigint NOT NULL, seconds numeric NOT NULL)`,
    );
    const [state] = (await client.query(`SELECT leads, carriers, seconds FROM _bench_seed_carriers WHERE id = 1`)).rows;
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM carriers`)).rows;
    if (state && Number(state.leads) === leads && Number(state.carriers) === carriers && n === carriers) {
      log(`carriers: ${n.toLocaleString('en-US')} carriers seeded already (in ${state.seconds}s): not reseeding`);
      return { skipped: true, seconds: Number(state.seconds) };
    }
    const parks = (await client.query(`SELECT code FROM zones WHERE kind = 'park' ORDER BY sort_order`)).rows.map((z) => z.code);
    if (!parks.length) throw new Error('carriers: no park in the zone tree');
    const started = Date.now();
    await client.query(`TRUNCATE carriers, carrier_events, carrier_reservations, lead_requirements`);
    await client.query(carriersSql(parks), [carriers]);
    await client.query(requirementsSql(parks), [matchedStages]);
    await client.query(`VACUUM ANALYZE carriers, lead_requirements`);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await client.query(
      `INSERT INTO _bench_seed_carriers (id, leads, carriers, seconds) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET leads = $1, carriers = $2, seconds = $3`,
      [leads, carriers, seconds],
    );
    const counts = await dataCounts(client);
    log(
      `carriers: seeded ${counts.carriers} carriers (${counts.free} free) in ${counts.parks} parks and requirements on ${counts.requirements} leads in ${seconds}s`,
    );
    return { skipped: false, seconds, ...counts };
  } finally {
    await client.end();
  }
}

async function dataCounts(client) {
  return (
    await client.query(
      `SELECT (SELECT count(*) FROM carriers)::int AS carriers,
              (SELECT count(*) FROM carriers WHERE (kind = 'land' AND status = 'available') OR (kind <> 'land' AND status = 'vacant'))::int AS free,
              (SELECT count(DISTINCT park_code) FROM carriers)::int AS parks,
              (SELECT count(*) FROM lead_requirements)::int AS requirements`,
    )
  ).rows[0];
}

export async function measureCarriers({ app, tokens, people, config, matchedStages }) {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  let data;
  let leadIds;
  try {
    data = await dataCounts(client);
    // the promoter's team's live leads with requirements, spread over the set (not the newest ones only)
    leadIds = (
      await client.query(
        `SELECT l.id FROM lead_requirements r JOIN leads l ON l.id = r.lead_id
         WHERE l.team_id = $1 AND l.deleted_at IS NULL AND l.status <> 'lost' AND l.stage = ANY($2::text[])
         ORDER BY md5(l.id::text) LIMIT $3`,
        [people.promoter.teamId, matchedStages, SAMPLES],
      )
    ).rows.map((row) => row.id);
  } finally {
    await client.end();
  }
  if (!leadIds.length) throw new Error('carriers: the promoter sees no lead with requirements');
  log(
    `carriers: GET /api/v1/leads/:id/carrier-matches over ${leadIds.length} different leads of the promoter's team, ${data.carriers.toLocaleString('en-US')} carriers, one request at a time`,
  );
  const url = (id) => `${app.base}/api/v1/leads/${id}/carrier-matches`;
  let totals = 0;
  let chars = 0;
  const sampled = await oneAtATime((i) => url(leadIds[i % leadIds.length]), tokens.promoter, {
    samples: SAMPLES,
    budgetMs: BUDGET_MS,
    minSamples: MIN_SAMPLES,
    onBody: (body) => {
      totals += JSON.parse(body).total;
      chars += body.length;
    },
  });
  const result = {
    ...data,
    leads_sampled: Math.min(sampled.samples, leadIds.length),
    samples: sampled.samples,
    p50_ms: sampled.p50_ms,
    p95_ms: sampled.p95_ms,
    p99_ms: sampled.p99_ms,
    mean_fitting: round(totals / sampled.samples, 1),
    mean_response_chars: Math.round(chars / sampled.samples),
  };
  table(
    `carriers (GET /api/v1/leads/:id/carrier-matches, promoter; ${data.carriers} carriers, ${data.free} free, requirements on ${data.requirements} leads)`,
    ['', 'samples', 'leads', 'p50 ms', 'p95 ms', 'p99 ms', 'fitting (mean)', 'chars (mean)'],
    [
      [
        'carrier-matches',
        result.samples,
        result.leads_sampled,
        fmt(result.p50_ms),
        fmt(result.p95_ms),
        fmt(result.p99_ms),
        fmt(result.mean_fitting),
        result.mean_response_chars,
      ],
    ],
  );
  return result;
}

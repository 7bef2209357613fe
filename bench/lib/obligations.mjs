/**
 * obligations (issue 18): the 履约监管 data of the seeded leads, then GET /api/v1/dashboard/obligations.
 *
 * Seeding (once per seeded lead set, recorded in `_bench_seed_obligations`): every signed, building and
 * operating lead gets a main 投资协议 (its land from the lead, the land contract's start date from the
 * agreed start) with five clauses — two of the government's (交地 60 days after signing, 水电气通达 after
 * 150; most recorded met, the rest pending, so the old ones are overdue), the investor's 开工 (a milestone
 * against the lead's date), 到位投资 (60 % of the contract investment within two years) and a yearly 税收
 * clause — and the building and operating ones a year of quarterly actuals (the four quarters before this
 * one). All in set-based SQL on the server, deterministic from each lead's id, so a rerun gives the same data.
 *
 * Measurement: a leader's GET /dashboard/obligations (no filter: every signed project) and the same for one
 * team, one request at a time, up to 200 samples each within a time budget; p50/p95/p99.
 */
import pg from 'pg';
import { oneAtATime } from './paced.mjs';
import { fmt, log, seedOnce, sqlDraw, table } from './util.mjs';

/** Up to 200 samples in 90 s per URL, at least 3 even past the budget (a minute-long request at 1M leads gets three, not ten). */
const SAMPLING = { samples: 200, budgetMs: 90_000, minSamples: 3 };
const sample = (url, token) => oneAtATime(url, token, SAMPLING);

/** A number in [0, 1) from a lead id and a salt: the same lead gets the same draw on every run. */
const draw = (salt) => sqlDraw('l.id', salt);

const SEED_SQL = [
  `INSERT INTO agreements (lead_id, kind, number, signed_on, parties, investment, land_area_mu, land_use, land_delivery_date,
                           land_start_date, land_price, planned_floor_area, created_by, created_at, updated_at)
   SELECT l.id, 'main', 'XY-' || l.code, coalesce(l.signed_at, l.created_at::date), '文昌湖区管委会；' || l.company_name,
          l.contract_investment, coalesce(l.land_area_mu, 30 + floor(${draw('mu')} * 120)), '工业用地',
          coalesce(l.signed_at, l.created_at::date) + 60,
          coalesce(l.agreed_start_date, coalesce(l.signed_at, l.created_at::date) + 180),
          coalesce(l.land_area_mu, 50) * 12, coalesce(l.land_area_mu, 50) * 666 * 1.2, l.owner_id, now(), now()
   FROM leads l WHERE l.stage IN ('signed', 'building', 'operating') AND l.deleted_at IS NULL`,
  // the government's two, most recorded met (a status other than pending needs its reason)
  `INSERT INTO agreement_clauses (agreement_id, lead_id, party, kind, title, due_date, department, responsible_id, status, status_reason,
                                  status_changed_at, status_changed_by, created_by, created_at, updated_at)
   SELECT a.id, a.lead_id, 'government', k.kind, k.title, a.signed_on + k.days, k.department, NULL,
          CASE WHEN ${draw('gov').replaceAll('l.id', 'a.lead_id')} < k.met THEN 'met' ELSE 'pending' END,
          CASE WHEN ${draw('gov').replaceAll('l.id', 'a.lead_id')} < k.met THEN '已按期办结' END,
          CASE WHEN ${draw('gov').replaceAll('l.id', 'a.lead_id')} < k.met THEN now() END,
          CASE WHEN ${draw('gov').replaceAll('l.id', 'a.lead_id')} < k.met THEN a.created_by END,
          a.created_by, now(), now()
   FROM agreements a
   CROSS JOIN (VALUES ('land_delivery', '签约后60日内交付净地', 60, '区自然资源局', 0.85),
                      ('utilities', '约定开工前水电气管网接通至红线', 150, '区住建局', 0.75)) AS k(kind, title, days, department, met)`,
  `INSERT INTO agreement_clauses (agreement_id, lead_id, party, kind, title, threshold, unit, due_date, yearly_from, evidence_required,
                                  created_by, created_at, updated_at)
   SELECT a.id, a.lead_id, 'investor', k.kind, k.title,
          CASE k.kind WHEN 'investment_arrived' THEN round(coalesce(a.investment, 10000) * 0.6, 2) WHEN 'annual_tax' THEN 200 END,
          CASE WHEN k.kind IN ('investment_arrived', 'annual_tax') THEN '万元' END,
          CASE k.kind WHEN 'construction_start' THEN a.land_start_date WHEN 'investment_arrived' THEN a.signed_on + 730 END,
          CASE k.kind WHEN 'annual_tax' THEN extract(year FROM a.signed_on)::int + 2 END,
          k.evidence, a.created_by, now(), now()
   FROM agreements a
   CROSS JOIN (VALUES ('construction_start', '按土地出让合同约定日期开工', '施工许可证'),
                      ('investment_arrived', '两年内实际到位投资不低于协议投资的60%', '验资报告'),
                      ('annual_tax', '达产后年纳税不低于200万元', '完税证明')) AS k(kind, title, evidence)`,
  // a year of quarterly reports for the projects under way: the four quarters before this one
  `INSERT INTO reported_actuals (lead_id, period, period_start, period_end, as_of, investment_arrived, output, tax, jobs, built_floor_area,
                                 created_by, updated_by, created_at, updated_at)
   SELECT l.id, to_char(q.start, 'YYYY') || '-Q' || extract(quarter FROM q.start), q.start::date, (q.start + interval '3 months - 1 day')::date,
          (q.start + interval '3 months - 1 day')::date,
          round(coalesce(l.contract_investment, 10000) * (0.25 + 0.12 * (5 - q.k)) * (0.6 + 0.6 * ${draw('inv')}), 2),
          CASE WHEN l.stage = 'operating' THEN round(coalesce(l.expected_annual_output, 20000) / 4 * (0.5 + ${draw('out')}), 2) END,
          CASE WHEN l.stage = 'operating' THEN round(coalesce(l.expected_annual_tax, 800) / 4 * (0.4 + ${draw('tax')}), 2) END,
          CASE WHEN l.stage = 'operating' THEN coalesce(l.expected_jobs, 100) END,
          round(coalesce(l.land_area_mu, 50) * 666 * (0.15 + 0.2 * (5 - q.k)) * ${draw('built')}, 2),
          l.owner_id, l.owner_id, now(), now()
   FROM leads l
   CROSS JOIN LATERAL (SELECT k, date_trunc('quarter', current_date) - make_interval(months => 3 * k) AS start FROM generate_series(1, 4) k) q
   WHERE l.stage IN ('building', 'operating') AND l.deleted_at IS NULL`,
];

/** Seeds the 履约监管 data once for the seeded leads (a reseed of the leads empties these tables first). */
export function seedObligationsIfNeeded({ databaseUrl, leads }) {
  return seedOnce(
    { databaseUrl, leads, name: 'obligations', table: 'agreements', noun: 'agreements' },
    async (client) => {
      await client.query(`TRUNCATE agreements, agreement_clauses, clause_evidence, reported_actuals`);
      for (const sql of SEED_SQL) await client.query(sql);
      await client.query(`VACUUM ANALYZE agreements, agreement_clauses, reported_actuals`);
      return (
        await client.query(
          `SELECT (SELECT count(*) FROM agreements)::int AS agreements, (SELECT count(*) FROM agreement_clauses)::int AS clauses,
                  (SELECT count(*) FROM reported_actuals)::int AS actuals`,
        )
      ).rows[0];
    },
    (counts, seconds) =>
      `obligations: seeded ${counts.agreements} agreements, ${counts.clauses} clauses, ${counts.actuals} quarterly reports in ${seconds}s`,
  );
}

export async function measureObligations({ app, tokens, people, config }) {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  let data;
  try {
    data = (
      await client.query(
        `SELECT (SELECT count(*) FROM agreements)::int AS agreements, (SELECT count(*) FROM agreement_clauses)::int AS clauses,
                (SELECT count(*) FROM reported_actuals)::int AS actuals,
                (SELECT count(*) FROM leads l WHERE l.stage IN ('signed', 'building', 'operating') AND l.status <> 'lost' AND l.deleted_at IS NULL)::int AS projects`,
      )
    ).rows[0];
  } finally {
    await client.end();
  }
  const url = `${app.base}/api/v1/dashboard/obligations`;
  log(
    `obligations: GET /api/v1/dashboard/obligations over ${data.projects.toLocaleString('en-US')} signed projects, one request at a time`,
  );
  const all = await sample(url, tokens.leader);
  const team = await sample(`${url}?teamId=${people.promoter.teamId}`, tokens.leader);
  const result = { ...data, ...all, team };
  table(
    `obligations (GET /api/v1/dashboard/obligations, leader; ${data.agreements} agreements, ${data.clauses} clauses, ${data.actuals} reports)`,
    ['', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'response chars'],
    [
      ['every project', all.samples, fmt(all.p50_ms), fmt(all.p95_ms), fmt(all.p99_ms), all.response_chars],
      ['one team', team.samples, fmt(team.p50_ms), fmt(team.p95_ms), fmt(team.p99_ms), team.response_chars],
    ],
  );
  return result;
}

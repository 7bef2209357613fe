/**
 * credit (issue 20, 考核): referrers (首引人) and leaders' confirmations (审核确认) of the seeded leads, then the
 * leaders' confirmations queue GET /api/v1/confirmations and GET /api/v1/dashboard/credit?year=.
 *
 * Seeding (once per seeded lead set, recorded in `_bench_seed_credit`), set-based SQL, deterministic from each lead's id:
 * - a referrer on every lead from 洽谈 on (as the demo data): 55 % the promoter who owns it, 12 % another user (one of
 *   the promoters, any team), the rest one of 60 outside chambers, associations and people; locked
 *   (`referrer_confirmed_at`) on the leads that reached 签约, at their signing date;
 * - a decision on each confirmable stage (签约, 开工建设, 运营投产) a lead has reached: a move of the last 60 days is
 *   confirmed with a chance of 40 %, an older one of 97 % (the queue: recent moves and a tail of forgotten ones);
 *   a fifth of those left awaiting were rejected once (with the reason); 2 % of the confirmed signings were confirmed,
 *   voided by a move back and confirmed again (the credit's deduction for voided figures). Decided by one of the
 *   leaders, a few days to weeks after the stage's date (never after now), the figures the stage's gate fields.
 *   No evidence rows: neither endpoint reads them.
 *
 * Measurement: a leader's queue (pending, then rejected only) and the credit of this year and the last, one request
 * at a time, up to 200 samples each in 60 s, at least 3; p50/p95/p99 and the response size.
 */
import pg from 'pg';
import { oneAtATime } from './paced.mjs';
import { fmt, log, seedOnce, sqlDraw, table } from './util.mjs';

const SAMPLING = { samples: 200, budgetMs: 60_000, minSamples: 3 };
const sample = (url, token) => oneAtATime(url, token, SAMPLING);

const r = (salt) => sqlDraw('l.id', salt);
/** A draw per lead and stage (`s.stage`). */
const rs = (salt) => sqlDraw('l.id::text || s.stage', salt);
const OUTSIDE = 60;
const CITIES = ['深圳', '上海', '杭州', '苏州', '宁波', '温州', '青岛', '济南', '北京', '广州', '无锡', '常州'];
const BODIES = ['淄博商会', '山东商会', '招商联络处', '产业促进会', '企业家协会'];

/** The outside referrers, `OUTSIDE` of them: [kind, name, contact] as a SQL VALUES list, numbered from 0. */
const outsideValues = () =>
  Array.from({ length: OUTSIDE }, (_, i) => {
    const city = CITIES[i % CITIES.length];
    const person = i % 3 === 2;
    const name = person ? `${city}${BODIES[i % BODIES.length]}联络员${i}号` : `${city}${BODIES[(i * 7) % BODIES.length]}(${i})`;
    return `(${i}, '${person ? 'person' : 'organisation'}', '${name}', '0533-${String(2100000 + i * 137).slice(-7)}')`;
  }).join(', ');

/** The stages confirmed, with the date a lead entered each and the gate fields it snapshots. */
const STAGES = [
  {
    stage: 'signed',
    entered: 'l.signed_at',
    figures: `jsonb_build_object('signedAt', l.signed_at, 'contractInvestment', l.contract_investment, 'agreedStartDate', l.agreed_start_date,
                                 'agreedOperatingDate', l.agreed_operating_date, 'commissionerId', l.commissioner_id)`,
  },
  {
    stage: 'building',
    entered: 'l.construction_started_at',
    figures: `jsonb_build_object('constructionStartedAt', l.construction_started_at)`,
  },
  {
    stage: 'operating',
    entered: 'l.operating_at',
    figures: `jsonb_build_object('operatingAt', l.operating_at, 'actualInvestment', l.actual_investment)`,
  },
];

/** One row per (lead, reached confirmable stage) with its date and draws. */
const reachedSql = `
  SELECT l.id AS lead_id, s.stage, s.entered, s.figures, s.n,
         ${rs('conf')} AS conf, ${rs('rej')} AS rej, ${rs('void')} AS vd, ${rs('lag')} AS lag,
         (SELECT array_agg(u.id ORDER BY u.username) FROM users u WHERE u.username LIKE 'bench\\_leader%')[1 + floor(${rs('who')} * 6)::int] AS leader
  FROM leads l CROSS JOIN LATERAL (VALUES ${STAGES.map((s, i) => `('${s.stage}', ${s.entered}, ${s.figures}, ${i})`).join(', ')}) s(stage, entered, figures, n)
  WHERE l.deleted_at IS NULL AND s.entered IS NOT NULL
    AND array_position(ARRAY['signed', 'building', 'operating'], l.stage) > s.n`;

/** A decision's time: `days` after the stage's date plus the lag draw, never after now. */
const decidedAt = (days, spread) =>
  `least(now() - interval '1 hour', (x.entered + ${days} + floor(x.lag * ${spread})::int)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
const confirmed = `(x.conf < CASE WHEN x.entered >= current_date - 60 THEN 0.4 ELSE 0.97 END)`;

/**
 * The referrers: one UPDATE of every lead from 洽谈 on, run with the triggers off (session_replication_role): the
 * referrer columns feed no summary table, and the dashboard trigger's comparison of 500,000 old and new rows spills
 * to disk for minutes. The forecast's change counter is advanced by hand, as the trigger would have.
 */
const REFERRERS_SQL = `UPDATE leads l SET referrer_kind = CASE WHEN d.k < 0.67 THEN 'user' ELSE o.kind END,
          referrer_user_id = CASE WHEN d.k < 0.55 THEN l.owner_id WHEN d.k < 0.67 THEN p.id END,
          referrer_name = CASE WHEN d.k < 0.55 THEN owner.display_name WHEN d.k < 0.67 THEN p.display_name ELSE o.name END,
          referrer_contact = CASE WHEN d.k >= 0.67 THEN o.contact END,
          referrer_confirmed_at = CASE WHEN l.stage IN ('signed', 'building', 'operating') AND l.signed_at IS NOT NULL
                                       THEN l.signed_at::timestamp AT TIME ZONE 'Asia/Shanghai' END
   FROM (SELECT l.id, ${r('refk')} AS k, floor(${r('refo')} * ${OUTSIDE})::int AS o, ${r('refp')} AS p FROM leads l WHERE l.stage <> 'lead') d
   JOIN (VALUES ${outsideValues()}) o(i, kind, name, contact) ON o.i = d.o
   CROSS JOIN (SELECT array_agg(u.id ORDER BY u.username) AS ids, array_agg(u.display_name ORDER BY u.username) AS names
               FROM users u WHERE u.username LIKE 'bench\\_t%\\_p%') pr
   CROSS JOIN LATERAL (SELECT pr.ids[1 + floor(d.p * cardinality(pr.ids))::int] AS id,
                              pr.names[1 + floor(d.p * cardinality(pr.ids))::int] AS display_name) p,
   users owner
   WHERE l.id = d.id AND owner.id = l.owner_id`;

const SEED_SQL = [
  // the standing confirmations, and for 2 % of the signings an earlier one voided by a move back
  `INSERT INTO lead_confirmations (lead_id, stage, status, note, figures, decided_by, created_at)
   SELECT x.lead_id, x.stage, 'confirmed', CASE WHEN x.conf < 0.5 THEN '已核对原件' END, x.figures, x.leader, ${decidedAt(3, 40)}
   FROM (${reachedSql}) x
   WHERE ${confirmed}`,
  `INSERT INTO lead_confirmations (lead_id, stage, status, note, figures, decided_by, created_at, voided_at, voided_by, void_reason)
   SELECT x.lead_id, x.stage, 'voided', NULL, x.figures, x.leader, ${decidedAt(1, 2)}, ${decidedAt(2, 2)}, x.leader, '退回洽谈: 投资方调整方案'
   FROM (${reachedSql}) x
   WHERE ${confirmed} AND x.stage = 'signed' AND x.vd < 0.02`,
  `INSERT INTO lead_confirmations (lead_id, stage, status, reason, figures, decided_by, created_at)
   SELECT x.lead_id, x.stage, 'rejected', '佐证材料不清晰, 请补充', x.figures, x.leader, ${decidedAt(2, 20)}
   FROM (${reachedSql}) x
   WHERE NOT ${confirmed} AND x.rej < 0.2`,
];

async function dataCounts(client) {
  return (
    await client.query(
      `SELECT (SELECT count(*) FROM leads WHERE referrer_kind IS NOT NULL)::int AS referred_leads,
              (SELECT count(*) FROM lead_confirmations WHERE status = 'confirmed')::int AS confirmed,
              (SELECT count(*) FROM lead_confirmations WHERE status = 'rejected')::int AS rejected,
              (SELECT count(*) FROM lead_confirmations WHERE status = 'voided')::int AS voided`,
    )
  ).rows[0];
}

/** Seeds the referrers and confirmations once for the seeded leads (a reseed of the leads empties lead_confirmations). */
export function seedCreditIfNeeded({ databaseUrl, leads }) {
  return seedOnce(
    { databaseUrl, leads, name: 'credit', table: 'lead_confirmations', noun: 'confirmations' },
    async (client) => {
      await client.query(`TRUNCATE lead_confirmations, confirmation_evidence`);
      await client.query('BEGIN');
      await client.query(`SET LOCAL session_replication_role = replica`);
      await client.query(REFERRERS_SQL);
      await client.query(`SELECT nextval('forecast_changes')`);
      await client.query('COMMIT');
      for (const sql of SEED_SQL) await client.query(sql);
      await client.query(`VACUUM ANALYZE leads, lead_confirmations`);
      return dataCounts(client);
    },
    (counts, seconds) =>
      `credit: referrers on ${counts.referred_leads} leads, ${counts.confirmed} confirmations standing, ${counts.rejected} rejected, ${counts.voided} voided, in ${seconds}s`,
  );
}

export async function measureCredit({ app, tokens, config }) {
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  let data;
  let year;
  try {
    data = await dataCounts(client);
    year = (await client.query(`SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS y`)).rows[0].y;
  } finally {
    await client.end();
  }
  log(
    `credit: GET /api/v1/confirmations and /api/v1/dashboard/credit over ${data.referred_leads.toLocaleString('en-US')} referred leads, ${data.confirmed.toLocaleString('en-US')} standing confirmations`,
  );
  const base = `${app.base}/api/v1`;
  const queue = await sample(`${base}/confirmations`, tokens.leader);
  const rejected = await sample(`${base}/confirmations?status=rejected`, tokens.leader);
  let summary;
  const credit = await oneAtATime(`${base}/dashboard/credit?year=${year}`, tokens.leader, {
    ...SAMPLING,
    onBody: (body) => (summary = JSON.parse(body)),
  });
  const lastYear = await sample(`${base}/dashboard/credit?year=${year - 1}`, tokens.leader);
  // the lines behind the figures: the top person's and the top team's first page (default page size, 20)
  const topPerson = summary.persons[0];
  const topTeam = summary.teams[0];
  const personLeads = await sample(
    `${base}/dashboard/credit/leads?year=${year}&person=${encodeURIComponent(topPerson.key)}`,
    tokens.leader,
  );
  const teamLeads = await sample(`${base}/dashboard/credit/leads?year=${year}&team=${topTeam.teamId ?? 'none'}`, tokens.leader);
  const result = {
    ...data,
    year,
    queue,
    queue_rejected: rejected,
    credit,
    credit_last_year: lastYear,
    credit_person_leads: { ...personLeads, person_leads: topPerson.leads },
    credit_team_leads: { ...teamLeads, team_leads: topTeam.leads },
  };
  const row = (label, s) => [label, s.samples, fmt(s.p50_ms), fmt(s.p95_ms), fmt(s.p99_ms), s.response_chars];
  table(
    `credit (leader; referrers on ${data.referred_leads} leads; ${data.confirmed} confirmations standing, ${data.rejected} rejected, ${data.voided} voided)`,
    ['', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'response chars'],
    [
      row('GET /confirmations', queue),
      row('GET /confirmations?status=rejected', rejected),
      row(`GET /dashboard/credit?year=${year}`, credit),
      row(`GET /dashboard/credit?year=${year - 1}`, lastYear),
      row(`GET /dashboard/credit/leads?person= (top, ${topPerson.leads} leads; page 1)`, personLeads),
      row(`GET /dashboard/credit/leads?team= (top, ${topTeam.leads} leads; page 1)`, teamLeads),
    ],
  );
  return result;
}

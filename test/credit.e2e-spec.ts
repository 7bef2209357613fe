import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { districtDay } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';

interface Person {
  key: string;
  name: string;
  teamId: string | null;
  points: number;
  awaitingPoints: number;
  leads: number;
}

interface CreditLead {
  leadId: string;
  code: string;
  personKey: string;
  points: number;
  awaitingPoints: number;
  lines: Array<{ kind: string; points: number; awaitingPoints: number }>;
}

interface CreditLeadPage {
  items: CreditLead[];
  nextCursor: string | null;
}

describe('首引人积分: GET /dashboard/credit', () => {
  let t: TestApp;
  let team: string;
  let referrer: TestUser;
  let promoter: TestUser;
  let leader: TestUser;
  const year = Number(districtDay().slice(0, 4));

  /** A lead with the referrer given, its dates and stage written directly, and standing or voided confirmations inserted. */
  const lead = async (
    referrerFields: Record<string, unknown>,
    facts: { stage: string; contract: number; signed: string; agreedStart: string; started?: string },
    confirmations: Array<{ stage: string; status: 'confirmed' | 'voided' }> = [],
  ) => {
    const created = await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody(referrerFields));
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    await t.dataSource.query(
      `UPDATE leads SET stage = $2, contract_investment = $3, signed_at = $4::date, agreed_start_date = $5::date,
              agreed_operating_date = $5::date + 400, construction_started_at = $6::date WHERE id = $1`,
      [id, facts.stage, facts.contract, facts.signed, facts.agreedStart, facts.started ?? null],
    );
    for (const c of confirmations)
      await t.dataSource.query(
        `INSERT INTO lead_confirmations (lead_id, stage, status, decided_by, voided_at) VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'voided' THEN now() END)`,
        [id, c.stage, c.status, leader.id],
      );
    return id;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    team = await t.createTeam();
    referrer = await t.createUser([Role.Promoter], team);
    promoter = await t.createUser([Role.Promoter], team);
    leader = await t.createUser([Role.Leader]);
  });

  /** Every page of the lines behind a person's or team's figure, `limit` at a time. */
  const allLeads = async (filter: string, limit: number) => {
    const pages: CreditLeadPage[] = [];
    let cursor: string | null = null;
    do {
      const after = cursor ? `&cursor=${cursor}` : '';
      const answer = await t.http.get(`/api/v1/dashboard/credit/leads?year=${year}&${filter}&limit=${limit}${after}`).set(auth(leader));
      expect(answer.status).toBe(200);
      const page = answer.body as CreditLeadPage;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { pages, leads: pages.flatMap((page) => page.items) };
  };
  const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

  afterAll(async () => {
    await t.close();
  });

  it('scores confirmed events by amount band, deducts missed starts and voided figures, and shows awaiting points beside', async () => {
    const user = { referrerKind: 'user', referrerUserId: referrer.id };
    // A: 1亿 (×1.5), signed and started, both confirmed, started 5 days after the agreed date: 15 + 9 − 5
    const a = await lead(
      user,
      { stage: 'building', contract: 10_000, signed: `${year}-01-02`, agreedStart: `${year}-01-03`, started: `${year}-01-08` },
      [
        { stage: 'signed', status: 'confirmed' },
        { stage: 'building', status: 'confirmed' },
      ],
    );
    // C: 20亿 (×3), signed, its confirmation voided by a move back: −10, the signing awaits again (30)
    const c = await lead(user, { stage: 'negotiating', contract: 200_000, signed: `${year}-01-02`, agreedStart: `${year + 1}-06-01` }, [
      { stage: 'signed', status: 'voided' },
    ]);
    // B: an outside organisation, 3000万 (×1), signed, not confirmed yet: awaiting 10
    const b = await lead(
      { referrerKind: 'organisation', referrerName: '文昌湖温州商会', referrerContact: '0533-1234567' },
      { stage: 'signed', contract: 3_000, signed: `${year}-01-02`, agreedStart: `${year + 1}-06-01` },
    );

    const answer = await t.http.get(`/api/v1/dashboard/credit?year=${year}`).set(auth(leader));
    expect(answer.status).toBe(200);
    const body = answer.body as { persons: Person[]; teams: Array<Record<string, unknown>>; rules: unknown };
    const person = body.persons.find((p) => p.key === referrer.id) as Person;
    expect(person).toMatchObject({ teamId: team, points: 9, awaitingPoints: 30, leads: 2 });
    expect(person).not.toHaveProperty('lines');
    const { pages, leads } = await allLeads(`person=${referrer.id}`, 1);
    expect(pages.map((page) => page.items.length)).toEqual([1, 1]);
    expect(leads.map((l) => l.code)).toEqual([...leads.map((l) => l.code)].sort());
    expect(leads.find((l) => l.leadId === a)).toMatchObject({ points: 19, awaitingPoints: 0, personKey: referrer.id });
    expect(leads.find((l) => l.leadId === a)?.lines.map((l) => [l.kind, l.points])).toEqual([
      ['signed', 15],
      ['started', 9],
      ['missed_start', -5],
    ]);
    expect(leads.find((l) => l.leadId === c)).toMatchObject({ points: -10, awaitingPoints: 30 });
    // the totals are the sums of the lines behind them
    const lines = leads.flatMap((l) => l.lines);
    expect([sum(lines.map((l) => l.points)), sum(lines.map((l) => l.awaitingPoints))]).toEqual([person.points, person.awaitingPoints]);
    const outside = body.persons.find((p) => p.key === 'outside:文昌湖温州商会') as Person;
    expect(outside).toMatchObject({ teamId: team, points: 0, awaitingPoints: 10 });
    const outsideLeads = (await allLeads(`person=${encodeURIComponent(outside.key)}`, 20)).leads;
    expect(outsideLeads.map((l) => l.leadId)).toContain(b);
    expect(outsideLeads).toHaveLength(outside.leads);
    expect(body.teams).toContainEqual(expect.objectContaining({ teamId: team, points: 9, awaitingPoints: 40, persons: 2, leads: 3 }));
    const teamLeads = (await allLeads(`team=${team}`, 2)).leads;
    expect(teamLeads.map((l) => l.leadId).sort()).toEqual([a, b, c].sort());
    expect(new Set(teamLeads.map((l) => l.personKey))).toEqual(new Set([referrer.id, outside.key]));
    expect(sum(teamLeads.map((l) => l.points))).toBe(9);
    expect(sum(teamLeads.map((l) => l.awaitingPoints))).toBe(40);
    expect(body.rules).toMatchObject({ points: { signed: 10, started: 6, operating: 8 }, deductions: { missed_start: 5, voided: 10 } });

    // another year has none of it
    const earlier = await t.http.get(`/api/v1/dashboard/credit?year=${year - 5}`).set(auth(leader));
    expect((earlier.body as { persons: Person[] }).persons.find((p) => p.key === referrer.id)).toBeUndefined();
  });

  it('is for leaders and admins (403 otherwise) and refuses a bad year', async () => {
    expect((await t.http.get('/api/v1/dashboard/credit').set(auth(promoter))).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard/credit?year=abc').set(auth(leader))).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/credit?year=1999').set(auth(leader))).status).toBe(400);
    expect((await t.http.get(`/api/v1/dashboard/credit/leads?person=${referrer.id}`).set(auth(promoter))).status).toBe(403);
    for (const bad of [
      '',
      `person=${referrer.id}&team=${team}`,
      'team=abc',
      `person=${referrer.id}&limit=0`,
      `person=${referrer.id}&cursor=xyz`,
    ]) {
      const answer = await t.http.get(`/api/v1/dashboard/credit/leads?${bad}`).set(auth(leader));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    }
    // a key no summary names: an empty page
    for (const unknown of ['nobody', 'outside:无此人', '00000000-0000-4000-8000-000000000000', 'team=none']) {
      const filter = unknown.startsWith('team=') ? unknown : `person=${encodeURIComponent(unknown)}`;
      const answer = await t.http.get(`/api/v1/dashboard/credit/leads?${filter}`).set(auth(leader));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ items: [], nextCursor: null });
    }
  });
});

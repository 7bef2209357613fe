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
  leads: Array<{ leadId: string; points: number; awaitingPoints: number; lines: Array<{ kind: string; points: number }> }>;
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
    expect(person).toMatchObject({ teamId: team, points: 9, awaitingPoints: 30 });
    expect(person.leads.find((l) => l.leadId === a)).toMatchObject({ points: 19, awaitingPoints: 0 });
    expect(person.leads.find((l) => l.leadId === a)?.lines.map((l) => [l.kind, l.points])).toEqual([
      ['signed', 15],
      ['started', 9],
      ['missed_start', -5],
    ]);
    expect(person.leads.find((l) => l.leadId === c)).toMatchObject({ points: -10, awaitingPoints: 30 });
    const outside = body.persons.find((p) => p.key === 'outside:文昌湖温州商会' && p.leads.some((l) => l.leadId === b)) as Person;
    expect(outside).toMatchObject({ teamId: team, points: 0, awaitingPoints: 10 });
    expect(body.teams).toContainEqual(expect.objectContaining({ teamId: team, points: 9, awaitingPoints: 40, persons: 2, leads: 3 }));
    expect(body.rules).toMatchObject({ points: { signed: 10, started: 6, operating: 8 }, deductions: { missed_start: 5, voided: 10 } });

    // another year has none of it
    const earlier = await t.http.get(`/api/v1/dashboard/credit?year=${year - 5}`).set(auth(leader));
    expect((earlier.body as { persons: Person[] }).persons.find((p) => p.key === referrer.id)).toBeUndefined();
  });

  it('is for leaders and admins (403 otherwise) and refuses a bad year', async () => {
    expect((await t.http.get('/api/v1/dashboard/credit').set(auth(promoter))).status).toBe(403);
    expect((await t.http.get('/api/v1/dashboard/credit?year=abc').set(auth(leader))).status).toBe(400);
    expect((await t.http.get('/api/v1/dashboard/credit?year=1999').set(auth(leader))).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface LeadJson {
  id: string;
  version: number;
  stage: string;
  status: string;
  [key: string]: unknown;
}

describe('Pipeline (transitions, commissioners, follow-ups, timeline)', () => {
  let t: TestApp;
  let teamA: string;
  let teamB: string;
  let promoter: TestUser;
  let commissionerA: TestUser;
  let commissionerB: TestUser;
  let commissionerC: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const create = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(promoter)).send(leadBody(overrides));
    expect(response.status).toBe(201);
    return response.body as LeadJson;
  };
  const move = (user: TestUser, lead: { id: string }, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/leads/${lead.id}/transitions`).set(auth(user)).send(body);
  const assign = (user: TestUser, lead: { id: string }, commissionerId: string, note = '指派') =>
    t.http.put(`/api/v1/leads/${lead.id}/commissioner`).set(auth(user)).send({ commissionerId, note });
  const signing = { signedAt: '2026-10-01', contractInvestment: 60000, agreedStartDate: '2026-12-01', agreedOperatingDate: '2027-12-01' };

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    teamB = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], teamA);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    commissionerC = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('walks a lead through every stage, each gate refusing with the missing fields and then passing', async () => {
    let lead = await create();
    let response = await move(promoter, lead, { to: 'negotiating', version: 1 });
    expect(response.status).toBe(200);
    lead = response.body;
    expect(lead).toMatchObject({ stage: 'negotiating', status: 'active', version: 2 });

    response = await move(promoter, lead, { to: 'signed', version: lead.version, signedAt: '2026-10-01' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'STAGE_GATE_UNMET',
      details: { missing: ['contractInvestment', 'agreedStartDate', 'agreedOperatingDate', 'commissionerId'] },
    });

    expect((await assign(leader, lead, commissionerA.id)).status).toBe(200);
    lead = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body;
    response = await move(promoter, lead, { to: 'signed', version: lead.version, ...signing });
    expect(response.status).toBe(200);
    lead = response.body;
    expect(lead).toMatchObject({ stage: 'signed', contractInvestment: 60000, signedAt: '2026-10-01', agreedStartDate: '2026-12-01' });

    response = await move(commissionerA, lead, { to: 'building', version: lead.version });
    expect(response.status).toBe(422);
    expect(response.body.details.missing).toEqual(['constructionStartedAt']);
    response = await move(commissionerA, lead, { to: 'building', version: lead.version, constructionStartedAt: '2026-11-20' });
    expect(response.status).toBe(200);
    lead = response.body;

    response = await move(commissionerA, lead, { to: 'operating', version: lead.version, operatingAt: '2027-06-01' });
    expect(response.status).toBe(422);
    expect(response.body.details.missing).toEqual(['actualInvestment']);
    response = await move(commissionerA, lead, {
      to: 'operating',
      version: lead.version,
      operatingAt: '2027-06-01',
      actualInvestment: 42000,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stage: 'operating', actualInvestment: 42000, operatingAt: '2027-06-01' });
  });

  it('refuses skipping a stage, and a move back by anyone but leaders and admins, and a move back without a reason', async () => {
    const lead = await create();
    const skip = await move(promoter, lead, { to: 'signed', version: 1, ...signing });
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('TRANSITION_NOT_ALLOWED');

    const negotiating = (await move(promoter, lead, { to: 'negotiating', version: 1 })).body as LeadJson;
    expect((await move(promoter, negotiating, { to: 'lead', version: 2, note: '退回' })).status).toBe(403);
    const noReason = await move(leader, negotiating, { to: 'lead', version: 2 });
    expect(noReason.status).toBe(422);
    expect(noReason.body.details.missing).toEqual(['note']);
    const back = await move(leader, negotiating, { to: 'lead', version: 2, note: '企业决策层变动，重新接洽' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ stage: 'lead', version: 3 });
  });

  it('needs a passed assessment to sign a key project', async () => {
    let lead = await create({ keyProjectLevel: 'city' });
    lead = (await move(promoter, lead, { to: 'negotiating', version: 1 })).body;
    await assign(leader, lead, commissionerA.id);
    lead = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body;
    const refused = await move(promoter, lead, { to: 'signed', version: lead.version, ...signing });
    expect(refused.status).toBe(422);
    expect(refused.body.details.missing).toEqual(['assessment']);

    const failing = { scores: { industryFit: 10, investmentIntensity: 10, taxPerMu: 5, technology: 5, energyEnvironment: 5 }, vetoes: [] };
    expect((await t.http.post(`/api/v1/leads/${lead.id}/assessment`).set(auth(promoter)).send(failing)).status).toBe(201);
    expect((await move(promoter, lead, { to: 'signed', version: lead.version, ...signing })).status).toBe(422);

    const passing = {
      scores: { industryFit: 28, investmentIntensity: 20, taxPerMu: 15, technology: 12, energyEnvironment: 8 },
      vetoes: [],
    };
    expect((await t.http.post(`/api/v1/leads/${lead.id}/assessment`).set(auth(promoter)).send(passing)).status).toBe(201);
    const signed = await move(promoter, lead, { to: 'signed', version: lead.version, ...signing });
    expect(signed.status).toBe(200);
  });

  it('lets ten concurrent transitions with one version produce one success and nine 409s', async () => {
    const lead = await create();
    const responses = await Promise.all(Array.from({ length: 10 }, () => move(promoter, lead, { to: 'negotiating', version: 1 })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const rows: Array<{ count: string }> = await t.dataSource.query(`SELECT count(*) FROM lead_transitions WHERE lead_id = $1`, [lead.id]);
    expect(Number(rows[0].count)).toBe(1);
    const after = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body as LeadJson;
    expect(after).toMatchObject({ stage: 'negotiating', version: 2 });
  });

  it('checks a stale version before the gate', async () => {
    const lead = await create();
    const response = await move(promoter, lead, { to: 'signed', version: 7 });
    expect(response.status).toBe(409);
  });

  it('puts a lead on hold with a reason, resumes it, loses it with a reason, and refuses everything after lost but an admin reopen', async () => {
    let lead = await create();
    expect((await move(promoter, lead, { to: 'on_hold', version: 1 })).status).toBe(422);
    lead = (await move(promoter, lead, { to: 'on_hold', version: 1, note: '企业融资未到位，暂缓' })).body;
    expect(lead).toMatchObject({ status: 'on_hold', statusNote: '企业融资未到位，暂缓' });
    expect((await move(promoter, lead, { to: 'negotiating', version: lead.version })).body.code).toBe('TRANSITION_NOT_ALLOWED');
    lead = (await move(promoter, lead, { to: 'active', version: lead.version })).body;
    expect(lead).toMatchObject({ status: 'active', statusNote: null });

    const missingReason = await move(promoter, lead, { to: 'lost', version: lead.version, note: '落户外地' });
    expect(missingReason.status).toBe(400);
    const missingWhere = await move(promoter, lead, {
      to: 'lost',
      version: lead.version,
      note: '落户外地',
      lostReason: 'chose_other_location',
    });
    expect(missingWhere.status).toBe(422);
    expect(missingWhere.body.details.missing).toEqual(['lostTo']);
    lead = (
      await move(promoter, lead, {
        to: 'lost',
        version: lead.version,
        note: '落户外地',
        lostReason: 'chose_other_location',
        lostTo: '济南高新区',
      })
    ).body;
    expect(lead).toMatchObject({ status: 'lost', lostReason: 'chose_other_location', lostTo: '济南高新区' });

    for (const to of ['negotiating', 'on_hold', 'lost']) {
      expect((await move(leader, lead, { to, version: lead.version, note: 'x', lostReason: 'other' })).status).toBe(422);
    }
    expect((await move(leader, lead, { to: 'active', version: lead.version, note: '重新接洽' })).status).toBe(403);
    const follow = await t.http
      .post(`/api/v1/leads/${lead.id}/follow-ups`)
      .set(auth(promoter))
      .send({ type: 'call', occurredAt: new Date().toISOString(), summary: '电话' });
    expect(follow.status).toBe(422);
    const reopened = await move(admin, lead, { to: 'active', version: lead.version, note: '企业重新考虑文昌湖' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'active', lostReason: null });
  });

  it('refuses a stage or status change through PATCH', async () => {
    const lead = await create();
    const response = await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoter)).send({ version: 1, stage: 'negotiating' });
    expect(response.status).toBe(400);
  });

  describe('commissioners', () => {
    it('gives a commissioner from another team access by assignment and takes it away on replacement', async () => {
      const lead = await create();
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(commissionerB))).status).toBe(404);
      const assigned = await assign(leader, lead, commissionerB.id, '熟悉该企业');
      expect(assigned.status).toBe(200);
      expect(assigned.body.commissioner).toMatchObject({ id: commissionerB.id });
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(commissionerB))).status).toBe(200);
      const mine = await t.http.get('/api/v1/leads').query({ commissionerId: commissionerB.id }).set(auth(commissionerB));
      expect(mine.body.items.map((l: LeadJson) => l.id)).toContain(lead.id);

      expect((await assign(leader, lead, commissionerC.id, '工作调整')).status).toBe(200);
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(commissionerB))).status).toBe(404);
      expect((await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(commissionerC))).status).toBe(200);

      const history: Array<{ commissioner_id: string; ended_at: Date | null; note: string }> = await t.dataSource.query(
        `SELECT commissioner_id, ended_at, note FROM commissioner_assignments WHERE lead_id = $1 ORDER BY assigned_at`,
        [lead.id],
      );
      expect(history.map((h) => [h.commissioner_id, h.ended_at === null, h.note])).toEqual([
        [commissionerB.id, false, '熟悉该企业'],
        [commissionerC.id, true, '工作调整'],
      ]);
    });

    it('is for leaders and admins, and only assigns users with the commissioner role', async () => {
      const lead = await create();
      expect((await assign(promoter, lead, commissionerA.id)).status).toBe(403);
      const notCommissioner = await assign(leader, lead, promoter.id);
      expect(notCommissioner.status).toBe(400);
      expect(notCommissioner.body.details.fields[0].field).toBe('commissionerId');
    });
  });

  describe('follow-ups', () => {
    it('refuses a follow-up in the future', async () => {
      const lead = await create();
      const response = await t.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(promoter))
        .send({ type: 'visit', occurredAt: new Date(Date.now() + 3_600_000).toISOString(), summary: '明天拜访' });
      expect(response.status).toBe(400);
      expect(response.body.details.fields[0].field).toBe('occurredAt');
    });

    it('applies the stage’s cadence when no next time is given, and the given time otherwise', async () => {
      const lead = await create();
      const occurredAt = new Date(Date.now() - 3_600_000);
      const response = await t.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(promoter))
        .send({ type: 'site_visit', occurredAt: occurredAt.toISOString(), summary: '企业来文昌湖考察' });
      expect(response.status).toBe(201);
      expect(response.body.typeLabel).toBe('实地考察');
      const after = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body;
      expect(new Date(after.lastFollowUpAt).getTime()).toBe(occurredAt.getTime());
      expect(new Date(after.nextFollowUpAt).getTime()).toBe(occurredAt.getTime() + 14 * 86_400_000);

      const next = new Date(Date.now() + 2 * 86_400_000);
      await t.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(promoter))
        .send({ type: 'call', occurredAt: new Date().toISOString(), summary: '电话确认', nextFollowUpAt: next.toISOString() });
      const later = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body;
      expect(new Date(later.nextFollowUpAt).getTime()).toBe(next.getTime());
      const list = await t.http.get(`/api/v1/leads/${lead.id}/follow-ups`).set(auth(promoter));
      expect(list.body.items.map((f: { type: string }) => f.type)).toEqual(['call', 'site_visit']);
    });

    it('pages the list like every other (limit, cursor, nextCursor), latest first, and bumps the lead’s version', async () => {
      const lead = await create();
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
      for (const [minutesAgo, summary] of [
        [30, '第一次'],
        [20, '第二次'],
        [10, '第三次'],
      ] as const) {
        const logged = await t.http
          .post(`/api/v1/leads/${lead.id}/follow-ups`)
          .set(auth(promoter))
          .send({ type: 'call', occurredAt: at(minutesAgo), summary });
        expect(logged.status).toBe(201);
      }
      const first = await t.http.get(`/api/v1/leads/${lead.id}/follow-ups`).query({ limit: 2 }).set(auth(promoter));
      expect(first.status).toBe(200);
      expect(first.body.items.map((f: { summary: string }) => f.summary)).toEqual(['第三次', '第二次']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http
        .get(`/api/v1/leads/${lead.id}/follow-ups`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(auth(promoter));
      expect(second.body).toMatchObject({ items: [{ summary: '第一次' }], nextCursor: null });
      const tampered = await t.http.get(`/api/v1/leads/${lead.id}/follow-ups`).query({ cursor: 'not-a-cursor' }).set(auth(promoter));
      expect(tampered.status).toBe(400);
      expect((await t.http.get(`/api/v1/leads/${lead.id}/follow-ups`).query({ limit: 0 }).set(auth(promoter))).status).toBe(400);
      // each follow-up changed the lead (lastFollowUpAt, nextFollowUpAt): its version went up with each, as documented
      const after = (await t.http.get(`/api/v1/leads/${lead.id}`).set(auth(promoter))).body;
      expect(after.version).toBe(lead.version + 3);
    });

    it('is scoped: a commissioner of another team gets 404', async () => {
      const lead = await create();
      const response = await t.http
        .post(`/api/v1/leads/${lead.id}/follow-ups`)
        .set(auth(commissionerB))
        .send({ type: 'call', occurredAt: new Date().toISOString(), summary: 'x' });
      expect(response.status).toBe(404);
    });
  });

  it('shows every kind of entry in the timeline, newest first, with actors', async () => {
    let lead = await create();
    lead = (await t.http.patch(`/api/v1/leads/${lead.id}`).set(auth(promoter)).send({ version: 1, plannedInvestment: 90000 })).body;
    lead = (await move(promoter, lead, { to: 'negotiating', version: lead.version })).body;
    await assign(leader, lead, commissionerA.id);
    await t.http
      .post(`/api/v1/leads/${lead.id}/follow-ups`)
      .set(auth(commissionerA))
      .send({ type: 'meeting', occurredAt: new Date().toISOString(), summary: '座谈' });
    await t.http
      .post(`/api/v1/leads/${lead.id}/assessment`)
      .set(auth(promoter))
      .send({ scores: { industryFit: 25, investmentIntensity: 20, taxPerMu: 15, technology: 10, energyEnvironment: 8 }, vetoes: [] });
    await t.http
      .post(`/api/v1/leads/${lead.id}/issues`)
      .set(auth(commissionerA))
      .send({
        title: '环评审批加速',
        category: 'approval',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        handlerId: commissionerA.id,
      });

    const response = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(promoter));
    expect(response.status).toBe(200);
    const kinds = response.body.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['issue_created', 'assessment', 'follow_up', 'commissioner_assigned', 'transition', 'field_changed', 'created']);
    const times = response.body.items.map((i: { at: string }) => new Date(i.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const changed = response.body.items.find((i: { kind: string }) => i.kind === 'field_changed');
    expect(changed.data.changes).toEqual([{ field: 'plannedInvestment', from: 50000, to: 90000 }]);
    expect(changed.actor).toMatchObject({ id: promoter.id });
    const transition = response.body.items.find((i: { kind: string }) => i.kind === 'transition');
    expect(transition.data).toMatchObject({ fromStage: 'lead', toStage: 'negotiating' });

    expect((await t.http.get(`/api/v1/leads/${lead.id}/timeline`).set(auth(commissionerB))).status).toBe(404);
    const paged = await t.http.get(`/api/v1/leads/${lead.id}/timeline`).query({ limit: 4 }).set(auth(promoter));
    expect(paged.body.items).toHaveLength(4);
    const rest = await t.http
      .get(`/api/v1/leads/${lead.id}/timeline`)
      .query({ limit: 4, cursor: paged.body.nextCursor })
      .set(auth(promoter));
    expect(rest.body.items.map((i: { kind: string }) => i.kind)).toEqual(kinds.slice(4));
    expect(rest.body.nextCursor).toBeNull();
  });

  it('keeps the audit trail append-only', async () => {
    const lead = await create();
    await expect(t.dataSource.query(`UPDATE lead_events SET kind = 'x' WHERE lead_id = $1`, [lead.id])).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM lead_events WHERE lead_id = $1`, [lead.id])).rejects.toThrow(/append-only/);
  });
});

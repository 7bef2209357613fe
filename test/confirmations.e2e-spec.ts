import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { districtDay } from './support/obligations';
import { auth, TestApp, TestUser, unique } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
  status: string;
  items: Array<Record<string, unknown>>;
  doubleSigning: { flagged: boolean; otherLeads: Array<{ id: string }>; hiddenCount: number };
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('审核确认: leaders confirm moves into 签约, 开工建设 and 运营投产 with evidence', () => {
  let t: TestApp;
  let teamA: string;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const get = (user: TestUser, path: string) => call(t.http.get(`/api/v1/${path}`).set(auth(user)));
  const post = (user: TestUser, path: string, body: object, headers: Record<string, string> = {}) =>
    call(t.http.post(`/api/v1/${path}`).set(auth(user)).set(headers).send(body));
  const upload = (user: TestUser, leadId: string) =>
    call(
      t.http
        .post(`/api/v1/leads/${leadId}/confirmation-evidence`)
        .set(auth(user))
        .attach('file', PDF, { filename: '投资协议.pdf', contentType: 'application/pdf' }),
    );
  const rows = async (leadId: string) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM lead_confirmations WHERE lead_id = $1`, [leadId]))[0].n;
  const evidenceRows = async (leadId: string) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM confirmation_evidence WHERE lead_id = $1`, [leadId]))[0]
      .n;

  /** A lead of `owner` signed today (gate data written directly; the pipeline's own tests cover the gates). */
  const signedToday = async (owner: TestUser, overrides: Record<string, unknown> = {}) => {
    const created = await post(owner, 'leads', leadBody(overrides));
    expect(created.status).toBe(201);
    await t.dataSource.query(
      `UPDATE leads SET stage = 'signed', signed_at = $2::date, contract_investment = 12345, agreed_start_date = current_date + 30,
              agreed_operating_date = current_date + 300, key_project_level = 'none' WHERE id = $1`,
      [created.body.id, districtDay()],
    );
    return created.body.id;
  };
  const signedFigures = async (teamId: string) => {
    const pipeline = await get(leader, `dashboard/pipeline?teamId=${teamId}`);
    expect(pipeline.status).toBe(200);
    const stages = pipeline.body.stages as Array<{ stage: string; count: number; confirmed: unknown; awaiting: unknown }>;
    return stages.find((s) => s.stage === 'signed');
  };

  beforeAll(async () => {
    t = await TestApp.start();
    teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses other roles with 403 and unknown or foreign leads with 404, writing nothing', async () => {
    const id = await signedToday(promoterA);
    expect((await post(promoterA, `leads/${id}/confirmations`, { stage: 'signed', evidenceIds: [MISSING] })).status).toBe(403);
    expect((await post(admin, `leads/${id}/confirmations`, { stage: 'signed', evidenceIds: [MISSING] })).status).toBe(403);
    expect((await upload(promoterA, id)).status).toBe(403);
    expect((await get(promoterA, 'confirmations')).status).toBe(403);
    expect((await post(leader, `leads/${MISSING}/confirmations`, { stage: 'signed', evidenceIds: [MISSING] })).status).toBe(404);
    expect((await upload(leader, MISSING)).status).toBe(404);
    expect((await get(leader, `leads/${MISSING}/confirmations`)).status).toBe(404);
    expect((await get(promoterB, `leads/${id}/confirmations`)).status).toBe(404);
    expect((await get(promoterB, `leads/${id}/confirmation-evidence/${MISSING}`)).status).toBe(404);
    expect((await get(promoterA, `leads/${id}/confirmation-evidence/${MISSING}`)).status).toBe(404);
    expect(await rows(id)).toBe(0);
    expect(await evidenceRows(id)).toBe(0);
    const own = await get(promoterA, `leads/${id}/confirmations`);
    expect(own.status).toBe(200);
    expect(own.body.stages).toEqual([
      expect.objectContaining({ stage: 'signed', state: 'awaiting' }),
      expect.objectContaining({ stage: 'building', state: 'not_reached' }),
      expect.objectContaining({ stage: 'operating', state: 'not_reached' }),
    ]);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const id = await signedToday(promoterA);
    const bad = [
      { stage: 'lead', evidenceIds: [MISSING] },
      { stage: 'signed', evidenceIds: ['not-a-uuid'] },
      { stage: 'signed', decision: 'maybe' },
      { stage: 'signed', decision: 'reject' },
      { stage: 'signed', evidenceIds: [MISSING], extra: 1 },
    ];
    for (const body of bad) expect((await post(leader, `leads/${id}/confirmations`, body)).status).toBe(400);
    // evidence is required to confirm; unknown evidence and a stage not reached are refused
    const noEvidence = await post(leader, `leads/${id}/confirmations`, { stage: 'signed' });
    expect(noEvidence.status).toBe(422);
    expect(noEvidence.body.details).toEqual({ stage: 'signed', missing: ['evidenceIds'] });
    expect((await post(leader, `leads/${id}/confirmations`, { stage: 'signed', evidenceIds: [MISSING] })).status).toBe(422);
    const file = await upload(leader, id);
    expect(file.status).toBe(201);
    expect((await post(leader, `leads/${id}/confirmations`, { stage: 'building', evidenceIds: [file.body.id] })).status).toBe(422);
    expect(await rows(id)).toBe(0);
    const other = await signedToday(promoterA);
    // another lead's evidence is not this lead's
    expect((await post(leader, `leads/${other}/confirmations`, { stage: 'signed', evidenceIds: [file.body.id] })).status).toBe(422);
    expect(await rows(other)).toBe(0);
  });

  it('moves the figures from awaiting to confirmed, once per Idempotency-Key, and voids them on a move back', async () => {
    const team = await t.createTeam();
    const promoter = await t.createUser([Role.Promoter], team);
    const id = await signedToday(promoter, { keyProjectLevel: 'district' });
    await t.dataSource.query(`UPDATE leads SET key_project_level = 'district' WHERE id = $1`, [id]);
    expect(await signedFigures(team)).toMatchObject({
      count: 1,
      confirmed: { count: 0, contractInvestment: 0 },
      awaiting: { count: 1, contractInvestment: 12345 },
    });
    const before = (await get(leader, 'dashboard/targets')).body as unknown as Record<
      string,
      { actual: number; confirmed: number; awaiting: number }
    >;
    const queued = await get(leader, 'confirmations?status=pending');
    expect(queued.body.items).toContainEqual(expect.objectContaining({ leadId: id, stage: 'signed' }));

    const file = await upload(leader, id);
    const body = { stage: 'signed', evidenceIds: [file.body.id], note: '合同原件已核' };
    const key = { 'Idempotency-Key': unique('confirm') };
    const first = await post(leader, `leads/${id}/confirmations`, body, key);
    const retry = await post(leader, `leads/${id}/confirmations`, body, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({
      stage: 'signed',
      status: 'confirmed',
      figures: expect.objectContaining({ contractInvestment: 12345 }),
    });
    expect(await rows(id)).toBe(1);
    // a second confirmation of the same stage is a conflict
    const again = await upload(leader, id);
    expect((await post(leader, `leads/${id}/confirmations`, { stage: 'signed', evidenceIds: [again.body.id] })).status).toBe(409);

    expect(await signedFigures(team)).toMatchObject({
      count: 1,
      confirmed: { count: 1, contractInvestment: 12345 },
      awaiting: { count: 0 },
    });
    const after = (await get(leader, 'dashboard/targets')).body as unknown as Record<
      string,
      { actual: number; confirmed: number; awaiting: number }
    >;
    expect(after.investmentSigned.confirmed - before.investmentSigned.confirmed).toBeCloseTo(12345);
    expect(after.investmentSigned.awaiting - before.investmentSigned.awaiting).toBeCloseTo(-12345);
    expect(after.keyProjectsSigned.confirmed - before.keyProjectsSigned.confirmed).toBe(1);
    expect((await get(leader, 'confirmations')).body.items).not.toContainEqual(expect.objectContaining({ leadId: id, stage: 'signed' }));

    // a move back voids the confirmation of the stage left
    const lead = await get(leader, `leads/${id}`);
    const back = await post(leader, `leads/${id}/transitions`, { to: 'negotiating', version: lead.body.version, note: '合同作废' });
    expect(back.status).toBe(200);
    const history = await get(promoter, `leads/${id}/confirmations`);
    expect(history.body.items[0]).toMatchObject({ id: first.body.id, status: 'voided', voidReason: '合同作废' });
    expect(await signedFigures(team)).toMatchObject({ count: 0, confirmed: { count: 0 }, awaiting: { count: 0 } });
  });

  it('splits each breakdown group’s confirmable stages into 已确认 and 待确认, adding up to the group’s and the pipeline’s figures', async () => {
    type Split = { count: number; contractInvestment: number; actualInvestment: number };
    type Item = { key: string; stages: Record<string, number>; confirmed: Record<string, Split>; awaiting: Record<string, Split> };
    const confirmable = ['signed', 'building', 'operating'];
    const team = await t.createTeam();
    const promoter = await t.createUser([Role.Promoter], team);
    const confirmedId = await signedToday(promoter, { industryCode: 'IT01' });
    await signedToday(promoter, { industryCode: 'IT01' });
    await signedToday(promoter, { industryCode: 'EM01' });
    const file = await upload(leader, confirmedId);
    expect((await post(leader, `leads/${confirmedId}/confirmations`, { stage: 'signed', evidenceIds: [file.body.id] })).status).toBe(201);

    const breakdown = async (by: string, teamId?: string) => {
      const response = await get(leader, `dashboard/breakdown?by=${by}${teamId ? `&teamId=${teamId}` : ''}`);
      expect(response.status).toBe(200);
      return response.body.items as unknown as Item[];
    };
    const none: Split = { count: 0, contractInvestment: 0, actualInvestment: 0 };
    const byIndustry = Object.fromEntries((await breakdown('industry', team)).map((item) => [item.key, item]));
    expect(byIndustry.IT.confirmed.signed).toEqual({ count: 1, contractInvestment: 12345, actualInvestment: 0 });
    expect(byIndustry.IT.awaiting.signed).toEqual({ count: 1, contractInvestment: 12345, actualInvestment: 0 });
    expect(byIndustry.EM.confirmed.signed).toEqual(none);
    expect(byIndustry.EM.awaiting.signed).toEqual({ count: 1, contractInvestment: 12345, actualInvestment: 0 });
    expect(byIndustry.IT.awaiting.building).toEqual(none);

    // filtered (from the leads) and unfiltered (from the summary tables), every group and dimension adds up
    const pipeline = await get(leader, `dashboard/pipeline?teamId=${team}`);
    const stages = pipeline.body.stages as Array<{ stage: string; confirmed: Split | null; awaiting: Split | null }>;
    for (const teamId of [team, undefined]) {
      for (const by of ['industry', 'zone', 'team', 'source']) {
        const items = await breakdown(by, teamId);
        for (const item of items) {
          for (const stage of confirmable) {
            const context = `${by} ${item.key} ${stage}`;
            expect({ context, count: item.confirmed[stage].count + item.awaiting[stage].count }).toEqual({
              context,
              count: item.stages[stage],
            });
          }
        }
        if (teamId !== team) continue;
        for (const stage of confirmable) {
          const figures = stages.find((s) => s.stage === stage)!;
          for (const column of ['confirmed', 'awaiting'] as const) {
            const sum = (field: keyof Split) => items.reduce((total, item) => total + item[column][stage][field], 0);
            expect({ by, stage, column, count: sum('count'), contract: sum('contractInvestment') }).toEqual({
              by,
              stage,
              column,
              count: figures[column]!.count,
              contract: figures[column]!.contractInvestment,
            });
          }
        }
      }
    }
  });

  it('keeps a rejected move awaiting, with its reason in the queue', async () => {
    const id = await signedToday(promoterA);
    const rejected = await post(leader, `leads/${id}/confirmations`, { stage: 'signed', decision: 'reject', reason: '合同金额与台账不符' });
    expect(rejected.status).toBe(201);
    expect(rejected.body.status).toBe('rejected');
    const queue = await get(leader, 'confirmations?status=rejected');
    expect(queue.body.items).toContainEqual(expect.objectContaining({ leadId: id, stage: 'signed', rejectedReason: '合同金额与台账不符' }));
    const state = await get(promoterA, `leads/${id}/confirmations`);
    expect(state.body.stages).toContainEqual(expect.objectContaining({ stage: 'signed', state: 'awaiting' }));
  });

  it('flags the same company signed on two leads on both, naming the other only to those who may see it', async () => {
    const company = `${unique('淄博重签')}有限公司`;
    const a = await signedToday(promoterA, { companyName: company });
    const b = await signedToday(promoterB, { companyName: ` ${company.replace('有限公司', '（有限公司）')} ` });
    const fromLeader = await get(leader, `leads/${a}`);
    expect(fromLeader.body.doubleSigning).toEqual({ flagged: true, otherLeads: [expect.objectContaining({ id: b })], hiddenCount: 0 });
    const fromB = await get(leader, `leads/${b}`);
    expect(fromB.body.doubleSigning.otherLeads).toEqual([expect.objectContaining({ id: a })]);
    const fromPromoter = await get(promoterA, `leads/${a}`);
    expect(fromPromoter.body.doubleSigning).toEqual({ flagged: true, otherLeads: [], hiddenCount: 1 });
    const queue = await get(leader, 'confirmations');
    expect(queue.body.items).toContainEqual(
      expect.objectContaining({
        leadId: a,
        doubleSigning: { flagged: true, otherLeads: [expect.objectContaining({ id: b })], hiddenCount: 0 },
      }),
    );
    const single = await signedToday(promoterA, { companyName: `${unique('独家')}有限公司` });
    expect((await get(leader, `leads/${single}`)).body.doubleSigning).toEqual({ flagged: false, otherLeads: [], hiddenCount: 0 });
  });

  it('locks the referrer at signing; a leader corrects it with a reason', async () => {
    const created = await post(
      promoterA,
      'leads',
      leadBody({ referrerKind: 'person', referrerName: '王先生', referrerContact: '13800000000' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ referrerKind: 'person', referrerName: '王先生', referrerConfirmedAt: null });
    const id = created.body.id;
    expect((await post(promoterA, 'leads', leadBody({ referrerKind: 'user' }))).status).toBe(400);
    const edited = await call(
      t.http
        .patch(`/api/v1/leads/${id}`)
        .set(auth(promoterA))
        .send({ version: created.body.version, referrerKind: 'user', referrerUserId: promoterA.id }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ referrerKind: 'user', referrerUserId: promoterA.id });
    await t.dataSource.query(`UPDATE leads SET referrer_confirmed_at = now(), version = version + 1 WHERE id = $1`, [id]);
    const locked = await call(
      t.http
        .patch(`/api/v1/leads/${id}`)
        .set(auth(promoterA))
        .send({ version: edited.body.version + 1, referrerName: '李四', referrerKind: 'person', referrerUserId: null }),
    );
    expect(locked.status).toBe(422);
    const correction = {
      version: edited.body.version + 1,
      referrerKind: 'organisation',
      referrerName: '淄博市浙江商会',
      reason: '经核实为商会引荐',
    };
    expect((await call(t.http.put(`/api/v1/leads/${id}/referrer`).set(auth(promoterA)).send(correction))).status).toBe(403);
    expect((await call(t.http.put(`/api/v1/leads/${MISSING}/referrer`).set(auth(leader)).send(correction))).status).toBe(404);
    expect(
      (
        await call(
          t.http
            .put(`/api/v1/leads/${id}/referrer`)
            .set(auth(leader))
            .send({ ...correction, reason: undefined }),
        )
      ).status,
    ).toBe(400);
    const corrected = await call(t.http.put(`/api/v1/leads/${id}/referrer`).set(auth(leader)).send(correction));
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ referrerKind: 'organisation', referrerName: '淄博市浙江商会', referrerUserId: null });
    const timeline = await get(leader, `leads/${id}/timeline`);
    expect(timeline.body.items).toContainEqual(
      expect.objectContaining({ kind: 'referrer_corrected', data: expect.objectContaining({ reason: '经核实为商会引荐' }) }),
    );
  });

  it('keeps leads.stage_confirmed (the 待确认 index) equal to a standing confirmation of the current stage after every move and decision above', async () => {
    const [row] = await t.dataSource.query<Array<{ leads: number; confirmed: number; drifted: number }>>(
      `SELECT count(*)::int AS leads, count(*) FILTER (WHERE l.stage_confirmed)::int AS confirmed,
              count(*) FILTER (WHERE l.stage_confirmed <> EXISTS (SELECT 1 FROM lead_confirmations c
                               WHERE c.lead_id = l.id AND c.stage = l.stage AND c.status = 'confirmed'))::int AS drifted
       FROM leads l`,
    );
    expect(row.confirmed).toBeGreaterThan(0);
    expect(row.drifted).toBe(0);
  });
});

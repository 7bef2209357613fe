import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../src/modules/users/role.enum';
import { agreementBody, districtDay, signedLead } from './support/obligations';
import { auth, TestApp, TestUser } from './support/test-app';

/** The parts of an answer these tests read (supertest types bodies as any). */
interface Body {
  [key: string]: unknown;
  id: string;
  version: number;
  code: string;
  details: { fields?: Array<{ field: string }> };
}

const EVIDENCE_MAX = 4096;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('履约监管: agreements, clauses, evidence and actuals', () => {
  let t: TestApp;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let commissionerA: TestUser;
  let commissionerB: TestUser;
  let leader: TestUser;
  let admin: TestUser;
  const thisYear = Number(districtDay().slice(0, 4));

  const call = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await pending;
    return { status: response.status, body: response.body as Body };
  };
  const api = (path: string) => `/api/v1/leads/${path}`;
  const get = (user: TestUser, path: string) => call(t.http.get(api(path)).set(auth(user)));
  const post = (user: TestUser, path: string, body: object) => call(t.http.post(api(path)).set(auth(user)).send(body));
  const patch = (user: TestUser, path: string, body: object) => call(t.http.patch(api(path)).set(auth(user)).send(body));
  const upload = (user: TestUser, path: string, file: Buffer, name: string) =>
    call(t.http.post(api(path)).set(auth(user)).attach('file', file, { filename: name, contentType: 'application/octet-stream' }));
  const count = async (table: string, leadId: string) =>
    (await t.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table} WHERE lead_id = $1`, [leadId]))[0].n;
  const events = async (leadId: string, kind: string) =>
    t.dataSource.query<Array<{ actor_id: string; data: Record<string, unknown> }>>(
      `SELECT actor_id, data FROM lead_events WHERE lead_id = $1 AND kind = $2 ORDER BY id`,
      [leadId, kind],
    );
  const clauseBody = (overrides: Record<string, unknown> = {}) => ({
    party: 'investor',
    kind: 'investment_arrived',
    title: `${thisYear}年底前实际到位投资不低于1亿元`,
    threshold: 10000,
    unit: '万元',
    dueDate: `${thisYear}-12-31`,
    ...overrides,
  });
  const newAgreement = async (leadId: string, overrides: Record<string, unknown> = {}) => {
    const created = await post(commissionerA, `${leadId}/agreements`, agreementBody(overrides));
    expect(created.status).toBe(201);
    return created.body;
  };
  const newClause = async (leadId: string, agreementId: string, overrides: Record<string, unknown> = {}) => {
    const created = await post(commissionerA, `${leadId}/agreements/${agreementId}/clauses`, clauseBody(overrides));
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    t = await TestApp.start({ EVIDENCE_MAX_BYTES: String(EVIDENCE_MAX) });
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    commissionerB = await t.createUser([Role.Commissioner], teamB);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('agreements', () => {
    it('records one main agreement per signed lead and supplementary ones after it, each on the timeline', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const main = await newAgreement(lead.id);
      expect(main).toMatchObject({ kind: 'main', kindLabel: '投资协议', version: 1, clauses: [], landAreaMu: 100 });
      expect(main.clock).toMatchObject({ level: 'none', rule: 'not_started' });
      const again = await post(commissionerA, `${lead.id}/agreements`, agreementBody());
      expect(again.status).toBe(409);
      expect(await count('agreements', lead.id)).toBe(1);
      expect((await post(promoterA, `${lead.id}/agreements`, agreementBody({ kind: 'supplementary' }))).status).toBe(201);
      const list = await get(leader, `${lead.id}/agreements`);
      expect(list.status).toBe(200);
      expect((list.body.items as Body[]).map((a) => a.kind)).toEqual(['main', 'supplementary']);
      expect(list.body.nextCursor).toBeNull();
      expect(await events(lead.id, 'agreement_created')).toHaveLength(2);
    });

    it('edits an agreement with its version and refuses a stale one with 409, writing nothing', async () => {
      const lead = await signedLead(t, promoterA);
      const agreement = await newAgreement(lead.id);
      const edited = await patch(promoterA, `${lead.id}/agreements/${agreement.id}`, {
        version: 1,
        landStartDate: districtDay(-10),
        landPrice: 3000,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ version: 2, landStartDate: districtDay(-10), landPrice: 3000 });
      const stale = await patch(promoterA, `${lead.id}/agreements/${agreement.id}`, { version: 1, number: 'X-1' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const [row] = await t.dataSource.query<Array<{ number: string; version: number }>>(
        `SELECT number, version FROM agreements WHERE id = $1`,
        [agreement.id],
      );
      expect(row).toEqual({ number: agreement.number, version: 2 });
      const [event] = await events(lead.id, 'agreement_updated');
      expect(event.data.changes).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'landStartDate', from: null, to: districtDay(-10) })]),
      );
    });

    it('refuses an agreement for a lead that has not signed with 422, writing nothing', async () => {
      const response = await t.http.post('/api/v1/leads').set(auth(promoterA)).send({
        name: '未签约项目',
        companyName: '淄博某公司',
        industryCode: 'IT01',
        source: 'platform',
      });
      const leadId = (response.body as Body).id;
      const refused = await post(promoterA, `${leadId}/agreements`, agreementBody());
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('UNPROCESSABLE_ENTITY');
      expect(await count('agreements', leadId)).toBe(0);
    });
  });

  describe('clauses', () => {
    it('adds a clause with its kind’s label and unit, and schedules its reminders', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id);
      expect(clause).toMatchObject({
        party: 'investor',
        partyLabel: '企业承诺',
        kind: 'investment_arrived',
        kindLabel: '到位投资',
        threshold: 10000,
        unit: '万元',
        status: 'pending',
        state: 'pending',
        version: 1,
        evidence: [],
      });
      const reminders = await t.dataSource.query<Array<{ kind: string }>>(
        `SELECT kind FROM reminders WHERE data->>'clauseId' = $1 ORDER BY kind`,
        [clause.id],
      );
      expect(reminders.map((r) => r.kind)).toEqual(['clause_due', 'clause_overdue']);
    });

    it('refuses bad clauses with a clear 400 naming the field, writing nothing', async () => {
      const lead = await signedLead(t, promoterA);
      const agreement = await newAgreement(lead.id);
      const path = `${lead.id}/agreements/${agreement.id}/clauses`;
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ unit: undefined }, 'unit'], // a threshold without its unit
        [{ unit: '元' }, 'unit'],
        [{ threshold: undefined, unit: undefined }, 'threshold'],
        [{ party: 'government' }, 'party'],
        [{ dueDate: undefined }, 'dueDate'],
        [{ yearlyFrom: thisYear }, 'dueDate'],
        [{ kind: 'land_delivery', party: 'government', threshold: 1, unit: '亩' }, 'unit'],
        [{ responsibleId: '00000000-0000-4000-8000-000000000000' }, 'responsibleId'],
        [{ threshold: -1 }, 'threshold'],
        [{ kind: 'nonsense' }, 'kind'],
      ];
      for (const [overrides, field] of cases) {
        const refused = await post(commissionerA, path, clauseBody(overrides));
        expect({ overrides, status: refused.status, fields: (refused.body.details.fields ?? []).map((f) => f.field) }).toEqual({
          overrides,
          status: 400,
          fields: [field],
        });
      }
      expect(await count('agreement_clauses', lead.id)).toBe(0);
      expect(await count('reminders', lead.id)).toBe(0);
    });

    it('refuses a clause once the lead is no longer signed (moved back) with 422, writing nothing', async () => {
      const lead = await signedLead(t, promoterA);
      const agreement = await newAgreement(lead.id);
      await t.dataSource.query(`UPDATE leads SET stage = 'negotiating' WHERE id = $1`, [lead.id]);
      const refused = await post(commissionerA, `${lead.id}/agreements/${agreement.id}/clauses`, clauseBody());
      expect(refused.status).toBe(422);
      expect(await count('agreement_clauses', lead.id)).toBe(0);
    });

    it('records a status change with who, when and why in the timeline; a stale version is 409', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id, {
        kind: 'land_delivery',
        party: 'government',
        threshold: undefined,
        unit: undefined,
        department: '区自然资源局',
      });
      const path = `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}`;
      const noReason = await patch(commissionerA, path, { version: 1, status: 'met' });
      expect(noReason.status).toBe(400);
      const met = await patch(commissionerA, path, { version: 1, status: 'met', reason: '已于11月交付净地，附交地确认书' });
      expect(met.status).toBe(200);
      expect(met.body).toMatchObject({
        status: 'met',
        state: 'met',
        statusReason: '已于11月交付净地，附交地确认书',
        statusChangedBy: commissionerA.id,
        version: 2,
      });
      expect((await patch(commissionerA, path, { version: 1, title: '交地' })).status).toBe(409);
      const timeline = await get(leader, `${lead.id}/timeline`);
      const item = (
        timeline.body.items as Array<{ kind: string; kindLabel: string; actor: { id: string }; data: Record<string, unknown> }>
      ).find((i) => i.kind === 'clause_status_changed');
      expect(item).toMatchObject({
        kindLabel: '履约状态变更',
        actor: { id: commissionerA.id },
        data: { from: 'pending', to: 'met', reason: '已于11月交付净地，附交地确认书' },
      });
      // decided: its pending reminders are cancelled
      const pending = await t.dataSource.query(`SELECT 1 FROM reminders WHERE data->>'clauseId' = $1 AND status = 'pending'`, [clause.id]);
      expect(pending).toHaveLength(0);
    });

    it('lets only a leader waive a clause, and only with a reason (403 / 400, nothing written)', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id);
      const path = `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}`;
      for (const user of [commissionerA, promoterA, admin]) {
        const refused = await patch(user, path, { version: 1, status: 'waived', reason: '政策调整' });
        expect({ user: user.username, status: refused.status }).toEqual({ user: user.username, status: 403 });
      }
      expect((await patch(leader, path, { version: 1, status: 'waived' })).status).toBe(400);
      const [unchanged] = await t.dataSource.query<Array<{ status: string; version: number }>>(
        `SELECT status, version FROM agreement_clauses WHERE id = $1`,
        [clause.id],
      );
      expect(unchanged).toEqual({ status: 'pending', version: 1 });
      const waived = await patch(leader, path, { version: 1, status: 'waived', reason: '受市场影响，经区政府常务会研究同意豁免' });
      expect(waived.status).toBe(200);
      expect(waived.body).toMatchObject({ status: 'waived', state: 'waived', rate: null, statusChangedBy: leader.id });
      // taking a waiver back is a leader's decision too
      expect((await patch(commissionerA, path, { version: 2, status: 'pending', reason: '撤销' })).status).toBe(403);
      const [event] = await events(lead.id, 'clause_status_changed');
      expect(event).toMatchObject({ actor_id: leader.id, data: { to: 'waived', reason: '受市场影响，经区政府常务会研究同意豁免' } });
    });
  });

  describe('evidence', () => {
    it('stores a PDF or image with its clause and streams the same bytes back', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id);
      const base = `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}/evidence`;
      const stored = await upload(commissionerA, base, PDF, '到位资金证明.pdf');
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({
        fileName: '到位资金证明.pdf',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
        uploadedBy: commissionerA.id,
      });
      expect((await upload(commissionerA, base, PNG, 'photo.png')).body).toMatchObject({ contentType: 'image/png' });
      const back = await t.http
        .get(api(`${base}/${stored.body.id}`))
        .set(auth(promoterA))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(back.body as Buffer, PDF)).toBe(0);
      const listed = await get(leader, `${lead.id}/agreements`);
      const evidence = ((listed.body.items as Array<{ clauses: Array<{ evidence: unknown[] }> }>)[0].clauses[0].evidence as Body[]).map(
        (e) => e.fileName,
      );
      expect(evidence).toEqual(['到位资金证明.pdf', 'photo.png']);
      expect(await events(lead.id, 'evidence_added')).toHaveLength(2);
    });

    it('refuses a file of another type (415) or over the size limit (413), writing nothing', async () => {
      const lead = await signedLead(t, promoterA);
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id);
      const base = `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}/evidence`;
      const text = await upload(promoterA, base, Buffer.from('just text, named like a PDF'), 'fake.pdf');
      expect(text.status).toBe(415);
      expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const big = await upload(promoterA, base, Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX, 1)]), 'big.pdf');
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await count('clause_evidence', lead.id)).toBe(0);
    });
  });

  describe('actuals', () => {
    it('records a period once, updates it with its version, and turns a clause met with the project’s 履约率', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      await newClause(lead.id, agreement.id);
      const period = `${thisYear}`;
      const first = await post(commissionerA, `${lead.id}/actuals`, { period, investmentArrived: 6000, output: 1000, tax: 80, jobs: 120 });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        period,
        periodStart: `${thisYear}-01-01`,
        periodEnd: `${thisYear}-12-31`,
        investmentArrived: 6000,
        version: 1,
      });
      expect((await post(commissionerA, `${lead.id}/actuals`, { period, investmentArrived: 12000 })).status).toBe(409);
      const before = await get(leader, `${lead.id}/agreements`);
      expect((before.body.items as Array<{ clauses: Body[] }>)[0].clauses[0]).toMatchObject({ state: 'pending', actual: 6000 });
      const updated = await post(commissionerA, `${lead.id}/actuals`, { period, version: 1, investmentArrived: 12000 });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ investmentArrived: 12000, output: 1000, version: 2, updatedBy: commissionerA.id });
      const after = await get(leader, `${lead.id}/agreements`);
      expect((after.body.items as Array<{ clauses: Body[] }>)[0].clauses[0]).toMatchObject({
        state: 'met',
        decidedBy: 'figures',
        actual: 12000,
        rate: 1,
      });
      expect(after.body.fulfilment).toMatchObject({ rate: 1, met: 1, decided: 1 });
      // met by the figures: its due and overdue reminders are cancelled with the report
      const reminders = await t.dataSource.query<Array<{ status: string }>>(
        `SELECT status FROM reminders WHERE lead_id = $1 AND kind LIKE 'clause%'`,
        [lead.id],
      );
      expect(reminders.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
      const listed = await get(promoterA, `${lead.id}/actuals`);
      expect((listed.body.items as Body[]).map((r) => r.period)).toEqual([period]);
      expect(await events(lead.id, 'actuals_reported')).toHaveLength(2);
    });

    it('refuses a future period (400), an unsigned lead (422) and a promoter (403), writing nothing', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const future = await post(commissionerA, `${lead.id}/actuals`, { period: `${thisYear + 1}`, tax: 1 });
      expect(future.status).toBe(400);
      expect((future.body.details.fields ?? []).map((f) => f.field)).toEqual(['period']);
      expect((await post(commissionerA, `${lead.id}/actuals`, { period: '2026-Q5', tax: 1 })).status).toBe(400);
      expect((await post(promoterA, `${lead.id}/actuals`, { period: `${thisYear}`, tax: 1 })).status).toBe(403);
      await t.dataSource.query(`UPDATE leads SET stage = 'negotiating' WHERE id = $1`, [lead.id]);
      expect((await post(commissionerA, `${lead.id}/actuals`, { period: `${thisYear}`, tax: 1 })).status).toBe(422);
      expect(await count('reported_actuals', lead.id)).toBe(0);
    });
  });

  describe('access', () => {
    it('answers 404 on every route for a lead, agreement, clause or evidence the caller may not see or that is not under that lead, writing nothing', async () => {
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id);
      const clause = await newClause(lead.id, agreement.id);
      const evidence = (await upload(commissionerA, `${lead.id}/agreements/${agreement.id}/clauses/${clause.id}/evidence`, PDF, 'a.pdf'))
        .body;
      const other = await signedLead(t, promoterB);
      const otherAgreement = (await post(promoterB, `${other.id}/agreements`, agreementBody())).body;
      const a = `${lead.id}/agreements/${agreement.id}`;
      const c = `${a}/clauses/${clause.id}`;
      const outsiders = [promoterB, commissionerB];
      const probes: Array<[string, (user: TestUser) => Promise<{ status: number }>]> = [
        ['GET agreements', (u) => get(u, `${lead.id}/agreements`)],
        ['POST agreements', (u) => post(u, `${lead.id}/agreements`, agreementBody({ kind: 'supplementary' }))],
        ['PATCH agreement', (u) => patch(u, a, { version: 1, number: 'X' })],
        ['POST clause', (u) => post(u, `${a}/clauses`, clauseBody())],
        ['PATCH clause', (u) => patch(u, c, { version: 1, title: 'X' })],
        ['POST evidence', (u) => upload(u, `${c}/evidence`, PDF, 'x.pdf')],
        ['GET evidence', (u) => get(u, `${c}/evidence/${evidence.id}`)],
        ['GET actuals', (u) => get(u, `${lead.id}/actuals`)],
        ['POST actuals', (u) => post(u, `${lead.id}/actuals`, { period: `${thisYear}`, tax: 1 })],
      ];
      for (const [route, probe] of probes)
        for (const user of outsiders) {
          const { status } = await probe(user);
          // a promoter may not report actuals at all: 403 before the lead is looked at
          const expected = route === 'POST actuals' && user === promoterB ? 403 : 404;
          expect({ route, user: user.username, status }).toEqual({ route, user: user.username, status: expected });
        }
      // ids that exist but not under this lead or agreement
      const mixed: Array<[string, () => Promise<{ status: number }>]> = [
        ['agreement of another lead', () => patch(promoterA, `${lead.id}/agreements/${otherAgreement.id}`, { version: 1, number: 'X' })],
        [
          'clause under another agreement',
          () => patch(promoterA, `${lead.id}/agreements/${otherAgreement.id}/clauses/${clause.id}`, { version: 1, title: 'X' }),
        ],
        ['clauses of another lead’s agreement', () => post(promoterA, `${lead.id}/agreements/${otherAgreement.id}/clauses`, clauseBody())],
        ['evidence under another clause', () => get(promoterA, `${a}/clauses/${otherAgreement.id}/evidence/${evidence.id}`)],
        ['missing evidence', () => get(promoterA, `${c}/evidence/${clause.id}`)],
      ];
      for (const [what, probe] of mixed) expect({ what, status: (await probe()).status }).toEqual({ what, status: 404 });
      expect(await count('agreements', lead.id)).toBe(1);
      expect(await count('agreement_clauses', lead.id)).toBe(1);
      expect(await count('clause_evidence', lead.id)).toBe(1);
      expect(await count('reported_actuals', lead.id)).toBe(0);
      const [row] = await t.dataSource.query<Array<{ number: string; version: number }>>(
        `SELECT number, version FROM agreements WHERE id = $1`,
        [agreement.id],
      );
      expect(row.version).toBe(1);
    });

    it('replays an idempotent create instead of creating twice', async () => {
      const lead = await signedLead(t, promoterA);
      const send = () =>
        t.http
          .post(api(`${lead.id}/agreements`))
          .set(auth(promoterA))
          .set('Idempotency-Key', `k-${lead.id}`)
          .send(agreementBody({ number: 'IDEM-1' }));
      const first = await send();
      const second = await send();
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await count('agreements', lead.id)).toBe(1);
    });
  });

  describe('idle-land clock', () => {
    const clockOf = async (leadId: string) => {
      const list = await get(leader, `${leadId}/agreements`);
      return (list.body.items as Array<{ clock: Record<string, unknown> }>)[0].clock;
    };
    const yearAgo = (years: number, days = 0) => {
      const [y, m, d] = districtDay().split('-').map(Number);
      const date = new Date(Date.UTC(y - years, m - 1, d + days));
      // 29 February a year on is 28 February: the calculator's rule, not tested at this boundary here
      return date.toISOString().slice(0, 10);
    };

    it('turns red on the district day one year after the land contract’s start, yellow the day before, critical after two years', async () => {
      const cases: Array<[string, string]> = [
        [yearAgo(1), 'red'],
        [yearAgo(1, 1), 'yellow'],
        [yearAgo(1, 90), 'yellow'],
        [yearAgo(1, 91), 'none'],
        [yearAgo(2), 'critical'],
        [yearAgo(2, 1), 'red'],
      ];
      for (const [landStartDate, level] of cases) {
        const lead = await signedLead(t, promoterA);
        await newAgreement(lead.id, { landStartDate });
        expect({ landStartDate, clock: await clockOf(lead.id) }).toMatchObject({
          landStartDate,
          clock: { level, rule: 'not_started', since: landStartDate },
        });
      }
    });

    it('runs again once started when under a third is built and work stopped for a year (partial build), and stops when the shares are reached', async () => {
      const lead = await signedLead(t, promoterA, { stage: 'building', commissionerId: commissionerA.id });
      await newAgreement(lead.id, { plannedFloorArea: 60000, investment: 20000 });
      const lastYear = thisYear - 1;
      await t.dataSource.query(`UPDATE leads SET construction_started_at = $2 WHERE id = $1`, [lead.id, `${lastYear - 1}-03-01`]);
      await post(commissionerA, `${lead.id}/actuals`, { period: `${lastYear - 1}`, builtFloorArea: 10000, investmentArrived: 8000 });
      await post(commissionerA, `${lead.id}/actuals`, { period: `${lastYear}`, builtFloorArea: 10000, investmentArrived: 8000 });
      expect(await clockOf(lead.id)).toMatchObject({
        level: 'red',
        rule: 'partial_build',
        since: `${lastYear - 1}-12-31`,
        builtShare: 0.1667,
        investmentShare: 0.4,
        lastProgressOn: `${lastYear - 1}-12-31`,
      });
      await post(commissionerA, `${lead.id}/actuals`, {
        period: `${thisYear}`,
        asOf: districtDay(),
        builtFloorArea: 25000,
        investmentArrived: 9000,
      });
      expect(await clockOf(lead.id)).toMatchObject({ level: 'none', rule: null, builtShare: 0.4167 });
    });
  });

  describe('GET /dashboard/obligations and the grades', () => {
    it('shows leaders the 履约率 by project and group, a red idle-land clock and the government’s overdue obligations', async () => {
      // the land contract's start, not the lead's agreed start: the lead is not left stalled for other suites' warnings
      const lead = await signedLead(t, promoterA, { commissionerId: commissionerA.id });
      const agreement = await newAgreement(lead.id, { landStartDate: districtDay(-400) });
      const land = await newClause(lead.id, agreement.id, {
        kind: 'land_delivery',
        party: 'government',
        title: '交付净地',
        threshold: undefined,
        unit: undefined,
        dueDate: districtDay(-20),
        department: '区自然资源局',
        responsibleId: leader.id,
      });
      await newClause(lead.id, agreement.id, { dueDate: districtDay(-1) });
      await post(commissionerA, `${lead.id}/actuals`, { period: `${thisYear}`, investmentArrived: 5000 });
      const refused = await t.http.get('/api/v1/dashboard/obligations').set(auth(promoterA));
      expect(refused.status).toBe(403);
      const response = await t.http.get('/api/v1/dashboard/obligations').set(auth(leader)).query({ teamId: promoterA.teamId });
      expect(response.status).toBe(200);
      const body = response.body as {
        projects: number;
        byProject: Array<{ leadId: string; fulfilment: { rate: number; decided: number }; clockLevel: string }>;
        byTeam: Array<{ key: string; projects: number }>;
        clocks: { counts: Record<string, number>; items: Array<{ leadId: string; clock: { level: string; rule: string } }> };
        governmentOverdue: Array<{ clauseId: string; department: string; responsible: { id: string }; daysOverdue: number }>;
      };
      const project = body.byProject.find((p) => p.leadId === lead.id);
      // land missed (0) and investment partly met (0.5): 履约率 0.25
      expect(project).toMatchObject({ fulfilment: { rate: 0.25, decided: 2 }, clockLevel: 'red' });
      expect(body.byTeam.map((g) => g.key)).toEqual([promoterA.teamId]);
      expect(body.clocks.items.find((i) => i.leadId === lead.id)?.clock).toMatchObject({ level: 'red', rule: 'not_started' });
      expect(body.clocks.counts.red).toBeGreaterThanOrEqual(1);
      expect(body.governmentOverdue.find((o) => o.clauseId === land.id)).toMatchObject({
        department: '区自然资源局',
        responsible: { id: leader.id },
        daysOverdue: 20,
      });
      const elsewhere = await t.http.get('/api/v1/dashboard/obligations').set(auth(admin)).query({ teamId: promoterB.teamId });
      expect((elsewhere.body as typeof body).byProject.some((p) => p.leadId === lead.id)).toBe(false);
    });

    it('grades last year’s operating projects by shares with the figures that decided, for leaders and admins only', async () => {
      const year = thisYear - 1;
      const taxes = [900, 500, 500, 300, 100];
      const leads = [];
      for (const tax of taxes) {
        const lead = await signedLead(t, promoterA, { stage: 'operating', commissionerId: commissionerA.id, landAreaMu: 100 });
        await newAgreement(lead.id, { landAreaMu: 50 });
        expect((await post(commissionerA, `${lead.id}/actuals`, { period: `${year}`, tax, output: tax * 10 })).status).toBe(201);
        leads.push(lead);
      }
      expect((await t.http.get('/api/v1/dashboard/obligations/grades').set(auth(commissionerA))).status).toBe(403);
      expect(
        (
          await t.http
            .get('/api/v1/dashboard/obligations/grades')
            .query({ year: thisYear + 1 })
            .set(auth(leader))
        ).status,
      ).toBe(400);
      const response = await t.http.get('/api/v1/dashboard/obligations/grades').query({ year }).set(auth(admin));
      expect(response.status).toBe(200);
      const items = (response.body as { items: Array<{ leadId: string; grade: string; taxPerMu: number; reason: string }> }).items;
      const mine = leads.map((lead) => items.find((i) => i.leadId === lead.id));
      // per 亩 of the agreement's 50 亩: 18, 10, 10, 6, 2 — equal figures share a grade
      expect(mine.map((i) => i?.taxPerMu)).toEqual([18, 10, 10, 6, 2]);
      expect(mine[1]?.grade).toBe(mine[2]?.grade);
      expect(mine[0]?.reason).toContain('亩均税收 18 万元/亩');
      expect((response.body as { rules: { mode: string } }).rules.mode).toBe('shares');
    });
  });

  it('documents every 履约监管 operation in OpenAPI: summary, tag, its answers, and every property typed', async () => {
    interface Schema {
      type?: string;
      $ref?: string;
      allOf?: unknown[];
      anyOf?: Schema[];
      nullable?: boolean;
      enum?: unknown[];
      items?: Schema;
      properties?: Record<string, Schema>;
    }
    type Operation = { summary?: string; tags?: string[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
    const doc = (await t.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const ours = Object.entries(doc.paths)
      .filter(([path]) => /\/agreements|\/actuals|obligations/.test(path))
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    // 12 of agreements, clauses, actuals and the dashboard; the export and evidence delete; 3 of the actuals import (POST, template, rejected rows)
    expect(ours).toHaveLength(17);
    const refs = new Set<string>();
    for (const { route, op } of ours) {
      expect({ route, summary: /\p{Script=Han}.* \/ [A-Z]/u.test(op.summary ?? ''), tags: op.tags }).toEqual({
        route,
        summary: true,
        tags: ['obligations'],
      });
      const answers = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect({ route, answers: answers.length > 0 }).toEqual({ route, answers: true });
      for (const [, answer] of answers)
        for (const media of Object.values(answer.content ?? {})) {
          const ref = media.schema?.$ref ?? media.schema?.items?.$ref;
          if (ref) refs.add(ref.split('/').pop() as string);
        }
    }
    // every schema the answers reach: each property typed, nullable ones with a type
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const [property, schema] of Object.entries(doc.components.schemas[name].properties ?? {})) {
        const typed = !!(schema.type || schema.$ref || schema.allOf || schema.anyOf || schema.enum);
        expect({ name, property, typed, nullableTyped: !schema.nullable || !!(schema.type || schema.allOf || schema.$ref) }).toEqual({
          name,
          property,
          typed: true,
          nullableTyped: true,
        });
        const ref =
          schema.$ref ??
          schema.items?.$ref ??
          (schema.allOf?.[0] as Schema | undefined)?.$ref ??
          schema.anyOf?.find((part) => part.$ref)?.$ref;
        if (ref) visit(ref.split('/').pop() as string);
      }
    };
    for (const name of refs) visit(name);
    expect([...seen]).toEqual(
      expect.arrayContaining(['AgreementPageDto', 'ClauseResponseDto', 'ObligationsDashboardDto', 'GradesDto', 'ActualResponseDto']),
    );
  });

  it('answers the declarations at GET /meta/obligations', async () => {
    const meta = await t.http.get('/api/v1/meta/obligations').set(auth(promoterA));
    expect(meta.status).toBe(200);
    const body = meta.body as { kinds: Array<{ key: string; label: string; unit: string | null; party: string | null }> };
    expect(body.kinds.find((k) => k.key === 'tax_per_mu')).toEqual({
      key: 'tax_per_mu',
      label: '亩均税收',
      party: 'investor',
      unit: '万元/亩',
      check: 'figure',
    });
    expect(body.kinds.find((k) => k.key === 'land_delivery')).toMatchObject({ label: '交地', party: 'government' });
  });
});

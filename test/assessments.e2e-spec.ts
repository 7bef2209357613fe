import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssessmentsService } from '../src/modules/assessments/assessments.service';
import { Role } from '../src/modules/users/role.enum';
import { leadBody } from './support/factories';
import { auth, TestApp, TestUser } from './support/test-app';

interface AssessmentJson {
  id: string;
  leadId: string;
  total: number;
  passed: boolean;
  recommendation: string;
  [key: string]: unknown;
}

/** The parts of an answer these tests read (supertest types bodies as any). */
interface ReplyBody {
  code: string;
  details: { fields?: Array<{ field: string }> };
  items: AssessmentJson[];
  nextCursor: string | null;
  suggested: Record<string, unknown>;
  [key: string]: unknown;
}

const reply = async (pending: PromiseLike<{ status: number; body: unknown }>) => {
  const response = await pending;
  return { status: response.status, body: response.body as ReplyBody };
};

const scores = (overrides: Record<string, unknown> = {}) => ({
  industryFit: 25,
  investmentIntensity: 20,
  taxPerMu: 15,
  technology: 12,
  energyEnvironment: 8,
  ...overrides,
});

describe('AssessmentsController', () => {
  let t: TestApp;
  let promoterA: TestUser;
  let promoterB: TestUser;
  let commissionerA: TestUser;
  let leader: TestUser;
  let admin: TestUser;

  const createLead = async (user: TestUser, overrides: Record<string, unknown> = {}) => {
    const response = await t.http.post('/api/v1/leads').set(auth(user)).send(leadBody(overrides));
    if (response.status !== 201) throw new Error(`create lead failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string; version: number };
  };
  const assess = (user: TestUser, leadId: string, body: Record<string, unknown>) =>
    reply(t.http.post(`/api/v1/leads/${leadId}/assessment`).set(auth(user)).send(body));
  const list = (user: TestUser, leadId: string) => reply(t.http.get(`/api/v1/leads/${leadId}/assessments`).set(auth(user)));
  const fieldsOf = (body: ReplyBody) => (body.details.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    t = await TestApp.start();
    const teamA = await t.createTeam();
    const teamB = await t.createTeam();
    promoterA = await t.createUser([Role.Promoter], teamA);
    promoterB = await t.createUser([Role.Promoter], teamB);
    commissionerA = await t.createUser([Role.Commissioner], teamA);
    leader = await t.createUser([Role.Leader]);
    admin = await t.createUser([Role.Admin]);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('create', () => {
    it('stores the scores with their total, pass and recommendation, the suggestion from the lead’s figures, and answers 201', async () => {
      const lead = await createLead(promoterA, { plannedInvestment: 45000, landAreaMu: 100, expectedAnnualTax: 3000 });
      const response = await assess(promoterA, lead.id, { scores: scores(), vetoes: [], note: '产业链补链项目，整体较好' });
      expect(response.status).toBe(201);
      expect(Object.keys(response.body as object).sort()).toEqual(
        ['assessorId', 'createdAt', 'id', 'leadId', 'note', 'passed', 'recommendation', 'scores', 'suggested', 'total', 'vetoes'].sort(),
      );
      expect(response.body).toMatchObject({
        leadId: lead.id,
        assessorId: promoterA.id,
        scores: scores(),
        vetoes: [],
        total: 80,
        passed: true,
        recommendation: '建议引进',
        note: '产业链补链项目，整体较好',
        suggested: {
          industryFit: null,
          investmentIntensity: 25,
          taxPerMu: 10,
          technology: null,
          energyEnvironment: null,
          basis: { investmentPerMu: 450, minInvestPerMu: 300, taxPerMu: 30, taxPerMuBenchmark: 30 },
        },
      });
    });

    it('passes 60 to 79.9 with a caution, fails below 60, and adds one-decimal scores exactly', async () => {
      const lead = await createLead(promoterA);
      const middling = await assess(leader, lead.id, { scores: scores({ industryFit: 14.5, energyEnvironment: 4.5 }), vetoes: [] });
      expect(middling.status).toBe(201);
      expect(middling.body).toMatchObject({ total: 66, passed: true, recommendation: '可以引进，需关注短板', note: null });

      const weak = await assess(admin, lead.id, { scores: scores({ industryFit: 4.9 }), vetoes: [] });
      expect(weak.body).toMatchObject({ total: 59.9, passed: false, recommendation: '暂不建议引进' });
    });

    it('fails an assessment with a veto whatever its total, naming the vetoes', async () => {
      const lead = await createLead(promoterA);
      const response = await assess(promoterA, lead.id, {
        scores: { industryFit: 30, investmentIntensity: 25, taxPerMu: 20, technology: 15, energyEnvironment: 10 },
        vetoes: ['高耗能高排放', '不符合产业政策'],
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        total: 100,
        passed: false,
        vetoes: ['高耗能高排放', '不符合产业政策'],
        recommendation: '一票否决：高耗能高排放、不符合产业政策',
      });
    });

    it('suggests from the contract investment once it is known, and nothing without a land area', async () => {
      const lead = await createLead(promoterA, { plannedInvestment: 90000, landAreaMu: 100 });
      const patched = await t.http
        .patch(`/api/v1/leads/${lead.id}`)
        .set(auth(promoterA))
        .send({ version: lead.version, contractInvestment: 24000 });
      expect(patched.status).toBe(200);
      const signed = await assess(promoterA, lead.id, { scores: scores(), vetoes: [] });
      expect(signed.body.suggested).toMatchObject({
        investmentIntensity: 7.5,
        taxPerMu: null,
        basis: { investmentPerMu: 240, taxPerMu: null },
      });

      const noLand = await createLead(promoterA, { landAreaMu: null, expectedAnnualTax: 5000 });
      const none = await assess(promoterA, noLand.id, { scores: scores(), vetoes: [] });
      expect(none.body.suggested).toMatchObject({ investmentIntensity: null, taxPerMu: null });
    });

    it('writes an assessment event on the lead in the same transaction', async () => {
      const lead = await createLead(promoterA);
      const created = (await assess(promoterA, lead.id, { scores: scores(), vetoes: ['安全风险'] })).body as unknown as AssessmentJson;
      const rows: Array<{ kind: string; actor_id: string; data: Record<string, unknown> }> = await t.dataSource.query(
        `SELECT kind, actor_id, data FROM lead_events WHERE lead_id = $1 ORDER BY id`,
        [lead.id],
      );
      expect(rows.map((r) => r.kind)).toEqual(['created', 'assessment']);
      expect(rows[1]).toMatchObject({
        actor_id: promoterA.id,
        data: { assessmentId: created.id, total: 80, passed: false, recommendation: '一票否决：安全风险' },
      });
    });
  });

  describe('validation', () => {
    let leadId: string;
    beforeAll(async () => {
      leadId = (await createLead(promoterA)).id;
    });

    it('refuses scores out of range, with two decimals, of the wrong type or missing, naming each field', async () => {
      const response = await assess(promoterA, leadId, {
        scores: { industryFit: 31, investmentIntensity: -1, taxPerMu: 12.25, technology: '10' },
        vetoes: [],
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(response.body)).toEqual(
        expect.arrayContaining([
          'scores.industryFit',
          'scores.investmentIntensity',
          'scores.taxPerMu',
          'scores.technology',
          'scores.energyEnvironment',
        ]),
      );
      for (const [criterion, max] of [
        ['investmentIntensity', 25],
        ['taxPerMu', 20],
        ['technology', 15],
        ['energyEnvironment', 10],
      ] as const) {
        const over = await assess(promoterA, leadId, { scores: scores({ [criterion]: max + 0.1 }), vetoes: [] });
        expect(over.status).toBe(400);
        expect(fieldsOf(over.body)).toEqual([`scores.${criterion}`]);
        expect((await assess(promoterA, leadId, { scores: scores({ [criterion]: max }), vetoes: [] })).status).toBe(201);
      }
    });

    it('refuses a missing or non-object scores, unknown criteria and unknown fields', async () => {
      expect(fieldsOf((await assess(promoterA, leadId, { vetoes: [] })).body)).toContain('scores');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: [1, 2], vetoes: [] })).body)).toContain('scores');
      const unknownCriterion = await assess(promoterA, leadId, { scores: scores({ location: 5 }), vetoes: [] });
      expect(unknownCriterion.status).toBe(400);
      expect(fieldsOf(unknownCriterion.body)).toEqual(['scores.location']);
      const unknownField = await assess(promoterA, leadId, { scores: scores(), vetoes: [], total: 100, passed: true });
      expect(unknownField.status).toBe(400);
      expect(fieldsOf(unknownField.body)).toEqual(expect.arrayContaining(['total', 'passed']));
    });

    it('requires vetoes as an array of distinct short texts, and a note of text when given', async () => {
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores() })).body)).toEqual(['vetoes']);
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: '高耗能' })).body)).toContain('vetoes');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: ['  '] })).body)).toContain('vetoes');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: [3] })).body)).toContain('vetoes');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: ['x'.repeat(101)] })).body)).toContain('vetoes');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: ['高耗能', '高耗能'] })).body)).toContain('vetoes');
      expect(fieldsOf((await assess(promoterA, leadId, { scores: scores(), vetoes: [], note: 5 })).body)).toEqual(['note']);
    });
  });

  describe('access', () => {
    it('answers 404 for a lead the caller may not see, as for one that does not exist, in create and list', async () => {
      const lead = await createLead(promoterA);
      const foreign = await assess(promoterB, lead.id, { scores: scores(), vetoes: [] });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect((await list(promoterB, lead.id)).status).toBe(404);
      expect((await assess(promoterA, '00000000-0000-4000-8000-000000000000', { scores: scores(), vetoes: [] })).status).toBe(404);
      expect((await assess(promoterA, 'not-a-uuid', { scores: scores(), vetoes: [] })).status).toBe(400);
      const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM assessments WHERE lead_id = $1`, [lead.id]);
      expect(rows).toHaveLength(0);
    });

    it('is refused to commissioners (403), who may still read the assessments of leads they see', async () => {
      const lead = await createLead(promoterA);
      const response = await assess(commissionerA, lead.id, { scores: scores(), vetoes: [] });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
      const listed = await list(commissionerA, lead.id);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('list and latest', () => {
    it('lists a lead’s assessments newest first, and latestForLead gives the newest or null', async () => {
      const lead = await createLead(promoterA);
      const first = (await assess(promoterA, lead.id, { scores: scores({ industryFit: 0 }), vetoes: [] }))
        .body as unknown as AssessmentJson;
      const second = (await assess(leader, lead.id, { scores: scores(), vetoes: [] })).body as unknown as AssessmentJson;
      const listed = await list(promoterA, lead.id);
      expect(listed.status).toBe(200);
      expect(listed.body.nextCursor).toBeNull();
      expect(listed.body.items.map((a) => a.id)).toEqual([second.id, first.id]);
      expect(listed.body.items[1]).toMatchObject({ total: 55, passed: false });

      const service = t.app.get(AssessmentsService);
      expect(await service.latestForLead(lead.id)).toMatchObject({ id: second.id, passed: true, total: 80 });
      expect(await service.latestForLead((await createLead(promoterA)).id)).toBeNull();
    });
  });
});

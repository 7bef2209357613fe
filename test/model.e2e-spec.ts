import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LEAD_SEARCH_TEXT_SQL } from '../src/modules/leads/lead.entity';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from './support/test-app';

interface FieldJson {
  key: string;
  type: string;
  label: string;
  unit?: string;
  enum?: Array<{ value: string; label: string }>;
  required: boolean;
  creatable: boolean;
  editable: boolean;
}

describe('the lead model and the database', () => {
  it('agree on the search text: the searched fields of the model are what the migrations generate search_text from', async () => {
    const t = await TestApp.start();
    try {
      const rows = await t.dataSource.query<Array<{ value: string }>>(
        `SELECT value FROM typeorm_metadata WHERE "table" = 'leads' AND type = 'GENERATED_COLUMN' AND name = 'search_text'`,
      );
      expect(rows.map((r) => r.value)).toEqual([LEAD_SEARCH_TEXT_SQL]);
    } finally {
      await t.close();
    }
  });
});

describe('GET /api/v1/meta', () => {
  let t: TestApp;
  let promoter: TestUser;
  let commissioner: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    const team = await t.createTeam();
    promoter = await t.createUser([Role.Promoter], team);
    commissioner = await t.createUser([Role.Commissioner], team);
  });

  afterAll(async () => {
    await t.close();
  });

  const meta = async (user: TestUser) => {
    const response = await t.http.get('/api/v1/meta').set(auth(user));
    expect(response.status).toBe(200);
    return response.body as {
      labels: Record<string, string>;
      units: Record<string, string>;
      enums: Record<string, Array<{ value: string; label: string }>>;
      stages: Array<{ value: string; label: string }>;
      lead: { fields: FieldJson[]; stages: unknown[] };
    };
  };

  it('answers only an authenticated caller', async () => {
    expect((await t.http.get('/api/v1/meta')).status).toBe(401);
  });

  it('gives the stages, labels, units and enums with their Chinese labels', async () => {
    const body = await meta(promoter);
    expect(body.stages).toEqual([
      { value: 'lead', label: '线索' },
      { value: 'negotiating', label: '洽谈' },
      { value: 'signed', label: '签约' },
      { value: 'building', label: '开工建设' },
      { value: 'operating', label: '运营投产' },
    ]);
    expect(body.lead.stages).toEqual(body.stages);
    expect(body.labels).toMatchObject({
      name: '项目名称',
      creditCode: '统一社会信用代码',
      plannedInvestment: '计划投资额',
      landAreaMu: '用地面积',
    });
    expect(body.units).toMatchObject({ plannedInvestment: '万元', contractInvestment: '万元', landAreaMu: '亩', expectedJobs: '人' });
    expect(body.enums.source).toContainEqual({ value: 'industry_chain', label: '产业链招商' });
    expect(body.enums.keyProjectLevel.map((c) => c.value)).toEqual(['none', 'district', 'city', 'province']);
    expect(body.enums.lostReason).toContainEqual({ value: 'chose_other_location', label: '落户他地' });
    // the records around a lead, which the console labels from here too
    expect(body.enums.followUpType).toContainEqual({ value: 'site_visit', label: '实地考察' });
    expect(body.enums.issueCategory).toContainEqual({ value: 'utilities', label: '水电气暖' });
    expect(body.enums.issueStatus).toEqual([
      { value: 'open', label: '待处理' },
      { value: 'in_progress', label: '处理中' },
      { value: 'resolved', label: '已解决' },
    ]);
    expect(body.enums.status).toEqual([
      { value: 'active', label: '推进中' },
      { value: 'on_hold', label: '暂缓' },
      { value: 'lost', label: '终止' },
    ]);
  });

  it('lists the lead’s fields with type, unit, required and the caller’s editability', async () => {
    const byKey = (fields: FieldJson[]) => Object.fromEntries(fields.map((f) => [f.key, f]));
    const forPromoter = byKey((await meta(promoter)).lead.fields);
    expect(forPromoter.name).toMatchObject({ type: 'text', label: '项目名称', required: true, creatable: true, editable: true });
    expect(forPromoter.plannedInvestment).toMatchObject({ type: 'money', unit: '万元', required: false, creatable: true, editable: true });
    expect(forPromoter.contractInvestment).toMatchObject({ creatable: false, editable: true });
    expect(forPromoter.source.enum).toHaveLength(6);
    // stage, status and the commissioner move through their own endpoints
    for (const key of ['stage', 'status', 'commissionerId', 'signedAt', 'code', 'version'])
      expect(forPromoter[key]).toMatchObject({ creatable: false, editable: false });
    expect(
      Object.values(forPromoter)
        .filter((f) => f.editable)
        .map((f) => f.key)
        .sort(),
    ).toEqual(
      [
        'name',
        'codeName',
        'companyName',
        'creditCode',
        'industryCode',
        'source',
        'sourceCity',
        'plannedInvestment',
        'contractInvestment',
        'actualInvestment',
        'agreedStartDate',
        'agreedOperatingDate',
        'expectedAnnualOutput',
        'expectedAnnualTax',
        'expectedJobs',
        'landAreaMu',
        'zoneCode',
        'keyProjectLevel',
        'contacts',
        'remarks',
        'referrerKind',
        'referrerUserId',
        'referrerName',
        'referrerContact',
        'teamId',
        'ownerId',
      ].sort(),
    );
    // a 护商专员 may not create leads (POST /leads refuses the role)
    const forCommissioner = byKey((await meta(commissioner)).lead.fields);
    expect(forCommissioner.name).toMatchObject({ creatable: false, editable: true });
    expect((await t.http.post('/api/v1/leads').set(auth(commissioner)).send({})).status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildPipeline } from '../src/modules/pipeline/pipeline-model.builder';
import { pipelineMeta } from '../src/modules/pipeline/pipeline.meta';
import { PIPELINE_STAGES } from '../src/modules/pipeline/pipeline.model';
import { stalledLeadsSql } from '../src/modules/reminders/warnings.query';
import { Role } from '../src/modules/users/role.enum';
import { auth, TestApp, TestUser } from './support/test-app';

describe('Stages declared once (issue 14)', () => {
  let t: TestApp;
  let promoter: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    promoter = await t.createUser([Role.Promoter], await t.createTeam());
  });

  afterAll(async () => {
    await t.close();
  });

  it('GET /api/v1/meta/pipeline answers the stages in order with their labels, gate inputs and moves', async () => {
    expect((await t.http.get('/api/v1/meta/pipeline')).status).toBe(401);
    const response = await t.http.get('/api/v1/meta/pipeline').set(auth(promoter));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(pipelineMeta())));
    const stages = response.body.stages as Array<{
      key: string;
      label: string;
      inputs: unknown[];
      moves: Array<{ kind: string; to: string; roles: string[] }>;
    }>;
    expect(stages.map((s) => [s.key, s.label])).toEqual([
      ['lead', '线索'],
      ['negotiating', '洽谈'],
      ['signed', '签约'],
      ['building', '开工建设'],
      ['operating', '运营投产'],
    ]);
    expect(stages[2].inputs).toEqual([
      { field: 'signedAt', label: '签约日期', type: 'date' },
      { field: 'contractInvestment', label: '合同投资额', type: 'money' },
      { field: 'agreedStartDate', label: '约定开工日期', type: 'date' },
      { field: 'agreedOperatingDate', label: '约定投产日期', type: 'date' },
    ]);
    expect(stages[2].moves).toEqual([
      expect.objectContaining({ kind: 'forward', to: 'building', roles: ['promoter', 'commissioner', 'leader', 'admin'] }),
      expect.objectContaining({ kind: 'back', to: 'negotiating', roles: ['leader', 'admin'], noteRequired: true }),
    ]);
    expect(stages[4].moves.map((m) => m.kind)).toEqual(['back']);
  });

  it('the warnings query generated for a pipeline with one more stage runs on PostgreSQL', async () => {
    const withTrial = buildPipeline([
      ...PIPELINE_STAGES.slice(0, 4),
      {
        key: 'trial_run',
        label: '试生产',
        gates: [{ field: 'trialStartedAt', label: '试生产日期', input: 'date' }],
        enteredOn: 'trialStartedAt',
        cadenceDays: 21,
        stall: {
          since: { deadline: 'agreedOperatingDate' },
          yellow: { env: 'STALL_TRIAL_YELLOW', default: 'P0D' },
          red: { env: 'STALL_TRIAL_RED', default: 'P30D' },
          reason: '试生产超期',
        },
      },
      PIPELINE_STAGES[4],
    ]);
    const stall = Object.fromEntries(withTrial.stallRules.map(({ stage }) => [stage, { yellowMs: 86_400_000, redMs: 2 * 86_400_000 }]));
    for (const options of [{}, { perLevel: 5 }, { byIndex: true }]) {
      const { sql, params } = stalledLeadsSql(stall, 'Asia/Shanghai', { ...options, pipeline: withTrial });
      expect(sql).toMatch(/WHEN 'trial_run' THEN \(l\.agreed_operating_date::timestamp AT TIME ZONE \$11\)|l\.stage = 'trial_run'/);
      expect(sql).toContain(`(l.agreed_operating_date::timestamp AT TIME ZONE $11)`);
      const rows: Array<{ stage: string }> = await t.dataSource.query(sql, params);
      expect(Array.isArray(rows)).toBe(true);
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { declaredEnum } from '../../common/model/declared-enum';
import { loadAppConfig } from '../../config/app.config';
import { stalledLeadsSql } from '../reminders/warnings.query';
import { STAGE_GATES } from './lead-stage.machine';
import { buildPipeline, StageDeclaration } from './pipeline-model.builder';
import { pipelineMeta } from './pipeline.meta';
import { PIPELINE, PIPELINE_STAGES } from './pipeline.model';

const DAY = 86_400_000;

/** The real pipeline with one more stage, 试生产, between 开工建设 and 运营投产: one declaration, nothing else. */
const TRIAL: StageDeclaration = {
  key: 'trial_run',
  label: '试生产',
  aliases: ['试产'],
  gates: [{ field: 'trialStartedAt', label: '试生产日期', input: 'date' }],
  enteredOn: 'trialStartedAt',
  cadenceDays: 21,
  stall: {
    since: { instant: ['stageEnteredAt'] },
    yellow: { env: 'STALL_TRIAL_YELLOW', default: 'P45D' },
    red: { env: 'STALL_TRIAL_RED', default: 'P120D' },
    reason: '试生产长期未投产',
  },
};
const withTrial = buildPipeline([...PIPELINE_STAGES.slice(0, 4), TRIAL, PIPELINE_STAGES[4]]);
const thresholds = (pipeline: typeof withTrial) =>
  Object.fromEntries(pipeline.stallRules.map(({ stage }, i) => [stage, { yellowMs: (i + 1) * DAY, redMs: (i + 10) * DAY }]));

describe('pipeline model with one extra stage (fixture)', () => {
  it('orders it, names it, and gives it an enum member', () => {
    expect(withTrial.order).toEqual(['lead', 'negotiating', 'signed', 'building', 'trial_run', 'operating']);
    expect(withTrial.labels.trial_run).toBe('试生产');
    expect(declaredEnum(withTrial.order).TrialRun).toBe('trial_run');
    expect(withTrial.next('building')).toBe('trial_run');
    expect(withTrial.previous('operating')).toBe('trial_run');
  });

  it('derives its gate, gate input and follow-up cadence', () => {
    expect(withTrial.gates.trial_run).toEqual(['trialStartedAt']);
    expect(withTrial.gateInputs.filter((i) => i.stage === 'trial_run')).toEqual([
      { stage: 'trial_run', field: 'trialStartedAt', label: '试生产日期', type: 'date' },
    ]);
    expect(withTrial.cadenceDays.trial_run).toBe(21);
  });

  it('generates its arm of the warnings query, with its thresholds as parameters', () => {
    const { sql, params } = stalledLeadsSql(thresholds(withTrial), 'Asia/Shanghai', { pipeline: withTrial });
    expect(sql).toContain(`WHEN 'trial_run' THEN l.stage_entered_at`);
    expect(sql).toContain(`WHEN 'trial_run' THEN '试生产长期未投产'`);
    expect(sql).toMatch(/l\.stage IN \('lead', 'negotiating', 'signed', 'building', 'trial_run'\)/);
    // measured from an instant, like 洽谈: not a deadline that must have passed
    expect(sql).toContain(`(stage IN ('lead', 'negotiating', 'trial_run') OR reference < now())`);
    expect(params).toEqual(expect.arrayContaining([`${5 * DAY} milliseconds`, `${14 * DAY} milliseconds`, 'Asia/Shanghai']));
    expect(params).toHaveLength(2 * 5 + 1);
    expect(() => stalledLeadsSql(loadAppConfig({}).stall, 'Asia/Shanghai', { pipeline: withTrial })).toThrow(/trial_run/);
  });

  it('derives the import’s alias and entry date, and puts its date in the date order', () => {
    expect(withTrial.aliases['试产']).toBe('trial_run');
    expect(withTrial.transitionDates).toContainEqual(['trialStartedAt', 'trial_run']);
    expect(withTrial.enteredOn('trial_run')).toBe('trialStartedAt');
    expect(withTrial.dateOrder).toEqual([
      ['agreedStartDate', 'agreedOperatingDate'],
      ['signedAt', 'constructionStartedAt'],
      ['constructionStartedAt', 'trialStartedAt'],
      ['trialStartedAt', 'operatingAt'],
    ]);
    expect(
      withTrial.datesOutOfOrder({ constructionStartedAt: '2026-03-01', trialStartedAt: '2026-02-01', operatingAt: '2026-04-01' }),
    ).toEqual([{ earlier: 'constructionStartedAt', later: 'trialStartedAt', earlierValue: '2026-03-01' }]);
  });

  it('shows it in pipelineMeta with its label, input and moves', () => {
    const meta = pipelineMeta(withTrial);
    expect(meta.stages.map((s) => s.key)).toEqual(withTrial.order);
    const trial = meta.stages.find((s) => s.key === 'trial_run');
    expect(trial).toMatchObject({
      label: '试生产',
      inputs: [{ field: 'trialStartedAt', label: '试生产日期', type: 'date' }],
      enteredOn: 'trialStartedAt',
    });
    expect(trial?.moves.map((m) => [m.kind, m.to])).toEqual([
      ['forward', 'operating'],
      ['back', 'building'],
    ]);
    expect(meta.stages.find((s) => s.key === 'building')?.moves[0]).toMatchObject({ kind: 'forward', to: 'trial_run' });
  });

  it('refuses a declaration that contradicts itself', () => {
    expect(() => buildPipeline([...PIPELINE_STAGES, { ...TRIAL, key: 'lead' }])).toThrow(/twice/);
    expect(() => buildPipeline([...PIPELINE_STAGES, { ...TRIAL, aliases: ['开工'] }])).toThrow(/ambiguous/);
  });
});

describe('the real pipeline model', () => {
  it('derives what used to be written by hand', () => {
    expect(STAGE_GATES).toEqual({
      lead: ['companyName', 'industryCode', 'source'],
      negotiating: ['ownerId'],
      signed: ['signedAt', 'contractInvestment', 'agreedStartDate', 'agreedOperatingDate', 'commissionerId'],
      building: ['constructionStartedAt'],
      operating: ['operatingAt', 'actualInvestment'],
    });
    expect(PIPELINE.aliases).toEqual({
      储备: 'lead',
      储备项目: 'lead',
      在库: 'lead',
      意向: 'lead',
      意向项目: 'lead',
      商谈: 'negotiating',
      在谈: 'negotiating',
      洽谈中: 'negotiating',
      洽谈项目: 'negotiating',
      谈判: 'negotiating',
      已签约: 'signed',
      签约未开工: 'signed',
      签约项目: 'signed',
      在建: 'building',
      已开工: 'building',
      建设: 'building',
      建设中: 'building',
      开工: 'building',
      开工在建: 'building',
      已投产: 'operating',
      投产: 'operating',
      投产达效: 'operating',
      投产运营: 'operating',
      运营: 'operating',
      运营中: 'operating',
    });
    expect(PIPELINE.transitionDates).toEqual([
      ['signedAt', 'signed'],
      ['constructionStartedAt', 'building'],
      ['operatingAt', 'operating'],
    ]);
    expect(PIPELINE.dateOrder).toEqual([
      ['agreedStartDate', 'agreedOperatingDate'],
      ['signedAt', 'constructionStartedAt'],
      ['constructionStartedAt', 'operatingAt'],
    ]);
    const { sql } = stalledLeadsSql(loadAppConfig({}).stall, 'Asia/Shanghai');
    expect(sql).toContain(
      `CASE l.stage WHEN 'lead' THEN coalesce(l.last_follow_up_at, l.created_at) WHEN 'negotiating' THEN l.stage_entered_at WHEN 'signed' THEN (l.agreed_start_date::timestamp AT TIME ZONE $9) WHEN 'building' THEN (l.agreed_operating_date::timestamp AT TIME ZONE $9) END AS reference`,
    );
  });

  it('reads each stall threshold from the variable the model names, with its default', () => {
    const { stall } = loadAppConfig({ STALL_SIGNED_RED: 'P10D' });
    expect(stall).toEqual({
      lead: { yellowMs: 30 * DAY, redMs: 60 * DAY },
      negotiating: { yellowMs: 60 * DAY, redMs: 90 * DAY },
      signed: { yellowMs: 0, redMs: 10 * DAY },
      building: { yellowMs: 0, redMs: 180 * DAY },
    });
    expect(() => loadAppConfig({ STALL_BUILDING_YELLOW: 'soon' })).toThrow(/STALL_BUILDING_YELLOW/);
  });
});

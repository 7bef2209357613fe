import { sqlList, sqlLiteral } from '../../common/sql/sql-list';
import { toSnake } from '../../database/snake-naming.strategy';
import { Pipeline, StallRuleDeclaration, StallThresholds } from '../pipeline/pipeline-model.builder';
import { PIPELINE } from '../pipeline/pipeline.model';

/**
 * The current 红黄预警 (README, Reminders and warnings) as one SQL query over live, non-lost leads, one CASE arm per stage
 * with a stall rule in the pipeline model (a lead without a follow-up, a negotiation without progress,
 * signed but not started, building but not operating). `reference` is the instant the stall is
 * measured from; the level follows the thresholds. The stall scan takes every row; GET
 * /dashboard/warnings the first `perLevel` of each level with the totals of both. `scope` narrows the leads
 * (conditions over `l` with their parameters, which the query's own are appended to).
 */
export function stalledLeadsSql(
  stall: StallThresholds,
  timeZone: string,
  { perLevel, pipeline = PIPELINE, scope = { where: [], params: [] }, byIndex }: StalledLeadsOptions = {},
): { sql: string; params: unknown[] } {
  const params = scope.params;
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const ms = (value: number) => `${value} milliseconds`;
  type Rule = (typeof rules)[number];
  const rules = pipeline.stallRules.map(({ stage, rule }) => {
    const thresholds = stall[stage];
    if (!thresholds) throw new Error(`No stall thresholds for the stage "${stage}"`);
    return {
      stage,
      rule,
      yellow: param(ms(thresholds.yellowMs)),
      red: param(ms(thresholds.redMs)),
      // red is reached once both thresholds are
      bothMs: Math.max(thresholds.yellowMs, thresholds.redMs),
    };
  });
  const zone = param(timeZone);
  const reference = (rule: StallRuleDeclaration): string => {
    if ('deadline' in rule.since) return `(l.${toSnake(rule.since.deadline)}::timestamp AT TIME ZONE ${zone})`;
    const columns = rule.since.instant.map((field) => `l.${toSnake(field)}`);
    return columns.length === 1 ? columns[0] : `coalesce(${columns.join(', ')})`;
  };
  const arms = (value: (r: (typeof rules)[number]) => string) =>
    `CASE l.stage ${rules.map((r) => `WHEN ${sqlLiteral(r.stage)} THEN ${value(r)}`).join(' ')} END`;
  // an agreed day is a deadline: its stage is stalled only once the day has passed, whatever the thresholds
  const sinceInstant = rules.filter((r) => 'instant' in r.rule.since).map((r) => r.stage);
  const passed = sinceInstant.length ? `(stage IN (${sqlList(sinceInstant)}) OR reference < now())` : 'reference < now()';
  const where = scope.where;
  const sql = `
    WITH measured AS (
      SELECT l.id, l.code, coalesce(l.code_name, l.name) AS title, l.stage, l.team_id, l.owner_id, l.commissioner_id,
        ${arms((r) => reference(r.rule))} AS reference,
        ${arms((r) => `${r.yellow}::interval`)} AS yellow_after,
        ${arms((r) => `${r.red}::interval`)} AS red_after,
        ${arms((r) => sqlLiteral(r.rule.reason))} AS reason
      FROM leads l
      WHERE l.deleted_at IS NULL AND l.status = 'active' AND l.stage IN (${sqlList(rules.map((r) => r.stage))})${where.map((c) => ` AND ${c}`).join('')}
    )
    SELECT id, code, title, stage, team_id AS "teamId", owner_id AS "ownerId", commissioner_id AS "commissionerId",
           reference, reason,
           CASE WHEN reference + red_after <= now() THEN 'red' ELSE 'yellow' END AS level,
           floor(extract(epoch FROM now() - reference) / 86400)::int AS "daysStalled"
    FROM measured
    WHERE reference IS NOT NULL AND reference + yellow_after <= now()
      AND ${passed}`;
  if (byIndex) return { sql: levelsSql(), params };
  if (perLevel === undefined) return { sql: `${sql} ORDER BY (reference + red_after <= now()) DESC, reference ASC`, params };
  return { sql: levelsSql(perLevel), params };

  /**
   * The longest-stalled `perLevel` of each level, each row carrying both totals. Each stage and level is a range on
   * the stage's own partial index (migration StallIndexes): the counts are read from the indexes, the lists are
   * their first entries, so nothing evaluates every live lead. The same rules as `sql`, level for level.
   */
  function levelsSql(perLevel?: number): string {
    const limit = perLevel === undefined ? null : param(perLevel);
    // one bound per range, so the planner estimates the range it scans
    const bothReached = new Map(rules.map((r) => [r.stage, param(ms(r.bothMs))]));
    // the stall measured from the reference has lasted `after` by now, as a range over what the stage's index holds
    const reached = (r: Rule, after: string) =>
      'deadline' in r.rule.since
        ? `l.${toSnake(r.rule.since.deadline)} <= ((now() - ${after}::interval) AT TIME ZONE ${zone})::date`
        : `${reference(r.rule)} <= now() - ${after}::interval`;
    const order = (r: Rule) => ('deadline' in r.rule.since ? `l.${toSnake(r.rule.since.deadline)}` : reference(r.rule));
    const at = (r: Rule, level: 'red' | 'yellow') =>
      [
        `l.stage = ${sqlLiteral(r.stage)} AND l.status = 'active' AND l.deleted_at IS NULL`,
        ...(level === 'red' ? [reached(r, bothReached.get(r.stage)!)] : [reached(r, r.yellow), `NOT (${reached(r, r.red)})`]),
        ...('deadline' in r.rule.since ? [`${reference(r.rule)} < now()`] : []),
        ...where,
      ].join(' AND ');
    const total = (level: 'red' | 'yellow') => rules.map((r) => `(SELECT count(*) FROM leads l WHERE ${at(r, level)})`).join(' + ');
    const listed = (r: Rule, level: 'red' | 'yellow') =>
      `SELECT l.id, l.code, coalesce(l.code_name, l.name) AS title, l.stage, l.team_id AS "teamId", l.owner_id AS "ownerId",
              l.commissioner_id AS "commissionerId", ${reference(r.rule)} AS reference, ${sqlLiteral(r.rule.reason)} AS reason,
              '${level}' AS level, floor(extract(epoch FROM now() - ${reference(r.rule)}) / 86400)::int AS "daysStalled"
       FROM leads l WHERE ${at(r, level)}`;
    if (limit === null) return rules.flatMap((r) => [listed(r, 'red'), listed(r, 'yellow')]).join(' UNION ALL ');
    const first = (level: 'red' | 'yellow') =>
      `(SELECT * FROM (${rules.map((r) => `(${listed(r, level)} ORDER BY ${order(r)} LIMIT ${limit})`).join(' UNION ALL ')}) arms
        ORDER BY reference LIMIT ${limit})`;
    return `WITH totals AS (SELECT (${total('red')})::int AS red, (${total('yellow')})::int AS yellow)
      SELECT s.*, totals.red AS "redTotal", totals.yellow AS "yellowTotal"
      FROM (${first('red')} UNION ALL ${first('yellow')}) s CROSS JOIN totals
      ORDER BY s.level = 'red' DESC, s.reference ASC`;
  }
}

export interface StalledLeadsOptions {
  perLevel?: number;
  pipeline?: Pipeline;
  scope?: { where: string[]; params: unknown[] };
  /** every stalled lead, read by the stages' indexes as `perLevel` reads the first of each level (the stall scan) */
  byIndex?: boolean;
}

export interface StalledLead {
  id: string;
  code: string;
  title: string;
  stage: string;
  teamId: string | null;
  ownerId: string;
  commissionerId: string | null;
  reference: Date;
  reason: string;
  level: 'yellow' | 'red';
  daysStalled: number;
}

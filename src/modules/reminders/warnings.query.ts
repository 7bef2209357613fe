import { StallThresholds } from '../../config/app.config';

/**
 * The current 红黄预警 (README, Reminders and warnings) as one SQL query over live, non-lost leads: a lead without a
 * follow-up, a negotiation without progress, signed but not started (签约未开工), building but not
 * operating (开工未投产). `reference` is the instant the stall is measured from; the level follows the
 * thresholds. The stall scan takes every row; GET /dashboard/warnings the first `perLevel` of each level
 * with the totals of both.
 */
export function stalledLeadsSql(stall: StallThresholds, timeZone: string, perLevel?: number): { sql: string; params: unknown[] } {
  const ms = (value: number) => `${value} milliseconds`;
  const params: unknown[] = [
    ms(stall.leadNoFollowUp.yellowMs), ms(stall.leadNoFollowUp.redMs),
    ms(stall.negotiatingNoProgress.yellowMs), ms(stall.negotiatingNoProgress.redMs),
    ms(stall.signedNotStarted.yellowMs), ms(stall.signedNotStarted.redMs),
    ms(stall.buildingNotOperating.yellowMs), ms(stall.buildingNotOperating.redMs),
    timeZone,
  ];
  const sql = `
    WITH measured AS (
      SELECT l.id, l.code, coalesce(l.code_name, l.name) AS title, l.stage, l.team_id, l.owner_id, l.commissioner_id,
        CASE l.stage
          WHEN 'lead' THEN coalesce(l.last_follow_up_at, l.created_at)
          WHEN 'negotiating' THEN l.stage_entered_at
          WHEN 'signed' THEN (l.agreed_start_date::timestamp AT TIME ZONE $9)
          WHEN 'building' THEN (l.agreed_operating_date::timestamp AT TIME ZONE $9)
        END AS reference,
        CASE l.stage WHEN 'lead' THEN $1::interval WHEN 'negotiating' THEN $3::interval WHEN 'signed' THEN $5::interval WHEN 'building' THEN $7::interval END AS yellow_after,
        CASE l.stage WHEN 'lead' THEN $2::interval WHEN 'negotiating' THEN $4::interval WHEN 'signed' THEN $6::interval WHEN 'building' THEN $8::interval END AS red_after,
        CASE l.stage WHEN 'lead' THEN '超期未跟进' WHEN 'negotiating' THEN '洽谈长期无进展' WHEN 'signed' THEN '签约未开工' WHEN 'building' THEN '开工未投产' END AS reason
      FROM leads l
      WHERE l.deleted_at IS NULL AND l.status = 'active' AND l.stage <> 'operating'
    )
    SELECT id, code, title, stage, team_id AS "teamId", owner_id AS "ownerId", commissioner_id AS "commissionerId",
           reference, reason,
           CASE WHEN reference + red_after <= now() THEN 'red' ELSE 'yellow' END AS level,
           floor(extract(epoch FROM now() - reference) / 86400)::int AS "daysStalled"
    FROM measured
    WHERE reference IS NOT NULL AND reference + yellow_after <= now()
      AND (stage IN ('lead', 'negotiating') OR reference < now())`;
  if (perLevel === undefined) return { sql: `${sql} ORDER BY (reference + red_after <= now()) DESC, reference ASC`, params };
  // the longest-stalled perLevel of each level (top-N passes, no full sort), each row carrying both totals
  params.push(perLevel);
  const limit = `$${params.length}`;
  return {
    sql: `WITH stalled AS MATERIALIZED (${sql}),
          totals AS (SELECT count(*) FILTER (WHERE level = 'red')::int AS red, count(*) FILTER (WHERE level = 'yellow')::int AS yellow FROM stalled)
          SELECT s.*, totals.red AS "redTotal", totals.yellow AS "yellowTotal"
          FROM ((SELECT * FROM stalled WHERE level = 'red' ORDER BY reference LIMIT ${limit})
                UNION ALL (SELECT * FROM stalled WHERE level = 'yellow' ORDER BY reference LIMIT ${limit})) s CROSS JOIN totals
          ORDER BY s.level = 'red' DESC, s.reference ASC`,
    params,
  };
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

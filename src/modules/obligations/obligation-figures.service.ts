import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { figuresOf } from './obligation-figures';
import { ObligationLead, summarise } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';

const BATCH = 500;

/** The lead columns the evaluation reads (ObligationLead). */
export const OBLIGATION_LEAD_COLUMNS = `l.id, l.agreed_start_date AS "agreedStartDate", l.construction_started_at AS "constructionStartedAt",
  l.operating_at AS "operatingAt", l.land_area_mu::float8 AS "landAreaMu", l.contract_investment::float8 AS "contractInvestment"`;

/**
 * Keeps obligation_figures (one row per project, what /dashboard/obligations sums) equal to a from-scratch
 * evaluation. PostgreSQL marks a row stale in the transaction that changes its agreements, clauses, actuals or
 * the lead's dates (migration ObligationFigures); this recomputes the stale rows and those evaluated before the
 * district's today (states and clocks move with the calendar) with the one evaluator (ObligationsReader).
 */
@Injectable()
export class ObligationFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reader: ObligationsReader,
  ) {}

  /** Recomputes every row that is stale or from an earlier day; answers how many. */
  async refresh(): Promise<number> {
    let refreshed = 0;
    let seen = new Set<string>();
    for (;;) {
      const today = this.reader.today();
      const due = await this.dataSource.query<Array<{ leadId: string; changes: string }>>(
        `SELECT lead_id AS "leadId", changes::text AS changes FROM obligation_figures
         WHERE stale OR evaluated_on < $1 LIMIT ${BATCH}`,
        [today],
      );
      // a row changed again while it was being computed stays stale: computed again, but not forever in one call
      const fresh = due.filter((d) => !seen.has(`${d.leadId}:${d.changes}`));
      if (fresh.length === 0) return refreshed;
      seen = new Set([...seen, ...fresh.map((d) => `${d.leadId}:${d.changes}`)]);
      refreshed += await this.compute(fresh, today);
    }
  }

  private async compute(due: Array<{ leadId: string; changes: string }>, today: string): Promise<number> {
    const leads = await this.dataSource.query<ObligationLead[]>(`SELECT ${OBLIGATION_LEAD_COLUMNS} FROM leads l WHERE l.id = ANY($1)`, [
      due.map((d) => d.leadId),
    ]);
    const evaluated = await this.reader.evaluate(leads);
    const rows = due.map(({ leadId, changes }) => {
      const found = evaluated.get(leadId);
      const f = figuresOf(
        found ?? { agreements: [], clauses: [] },
        found?.evaluation ?? { states: new Map(), clocks: new Map(), fulfilment: summarise([]) },
      );
      return {
        lead_id: leadId,
        changes,
        evaluated_on: today,
        agreements: f.agreements,
        clauses: f.clauses,
        decided: f.decided,
        met: f.met,
        partly_met: f.partlyMet,
        missed: f.missed,
        pending: f.pending,
        waived: f.waived,
        overdue: f.overdue,
        rate_sum: f.rateSum,
        rate: f.rate,
        fully_honoured: f.fullyHonoured,
        clock_level: f.clockLevel,
        clocks_none: f.clockCounts.none,
        clocks_yellow: f.clockCounts.yellow,
        clocks_red: f.clockCounts.red,
        clocks_critical: f.clockCounts.critical,
        clocks: f.clocks,
        government_overdue: f.governmentOverdue,
        government_overdue_count: f.governmentOverdue.length,
        government_overdue_since: f.governmentOverdueSince,
        clock_rank: f.clockRank,
        clock_days: f.clockDays,
      };
    });
    const columns = Object.keys(rows[0]);
    const types: Record<string, string> = {
      lead_id: 'uuid',
      changes: 'bigint',
      evaluated_on: 'date',
      rate_sum: 'float8',
      rate: 'float8',
      fully_honoured: 'boolean',
      clock_level: 'text',
      clocks: 'jsonb',
      government_overdue: 'jsonb',
      government_overdue_since: 'date',
    };
    // one statement per batch; `stale` clears only if nothing changed since `changes` was read
    await this.dataSource.query(
      `UPDATE obligation_figures f SET ${columns
        .filter((c) => c !== 'lead_id' && c !== 'changes')
        .map((c) => `${c} = x.${c}`)
        .join(', ')}, stale = f.changes <> x.changes
       FROM jsonb_to_recordset($1::jsonb) AS x(${columns.map((c) => `${c} ${types[c] ?? 'int'}`).join(', ')})
       WHERE f.lead_id = x.lead_id`,
      [JSON.stringify(rows)],
    );
    return rows.length;
  }
}

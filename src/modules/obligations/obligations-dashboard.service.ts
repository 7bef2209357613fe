import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { groupBy } from '../../common/collections/group-by';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DashboardDimensions } from '../dashboard/dashboard-dimensions';
import { DashboardFilter } from '../dashboard/dashboard-filter';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { UsersRepository } from '../users/users.repository';
import { annualFigures, rateFromSum } from './clause-state.calculator';
import { GroupFulfilmentDto, GradesDto, ObligationsDashboardDto, GovernmentOverdueDto } from './dto/obligations-dashboard.dto';
import { IdleLandClockDto } from './dto/obligation-response.dto';
import { daysBetween, IdleLandLevel } from './idle-land.calculator';
import { gradeProjects } from './mu-grade.calculator';
import { CLAUSE_KIND_LABELS } from './obligation.model';
import { fieldError } from './obligations.errors';
import { ObligationFiguresService } from './obligation-figures.service';
import { StoredClock } from './obligation-figures';
import { ObligationLead, toReport } from './obligations.evaluator';
import { ObligationsReader } from './obligations.reader';

const LIST_LIMIT = 100;

interface DashboardLead extends ObligationLead {
  code: string;
  name: string;
  teamId: string | null;
  industryCode: string;
  zoneCode: string | null;
}

const LEAD_COLUMNS = `l.id, l.code, l.name, l.team_id AS "teamId", l.industry_code AS "industryCode", l.zone_code AS "zoneCode",
  l.agreed_start_date AS "agreedStartDate", l.construction_started_at AS "constructionStartedAt", l.operating_at AS "operatingAt",
  l.land_area_mu::float8 AS "landAreaMu", l.contract_investment::float8 AS "contractInvestment"`;

/** Sums of obligation_figures rows (projects, clause counts by state, the rates' sum, clocks, government overdue). */
interface Sums {
  projects: number;
  fullyHonoured: number;
  clauses: number;
  decided: number;
  met: number;
  partlyMet: number;
  missed: number;
  pending: number;
  waived: number;
  overdue: number;
  rateSum: number;
  clocksNone: number;
  clocksYellow: number;
  clocksRed: number;
  clocksCritical: number;
  governmentOverdue: number;
}
const SUM_KEYS: ReadonlyArray<keyof Sums> = [
  'projects',
  'fullyHonoured',
  'clauses',
  'decided',
  'met',
  'partlyMet',
  'missed',
  'pending',
  'waived',
  'overdue',
  'rateSum',
  'clocksNone',
  'clocksYellow',
  'clocksRed',
  'clocksCritical',
  'governmentOverdue',
];

/** One row of the GROUPING SETS query: a flag is 1 when the row is not grouped by that column. */
type GroupSums = Sums & {
  byTeam: number;
  byIndustry: number;
  byZone: number;
  team: string | null;
  industry: string | null;
  zone: string | null;
};

type GovernmentOverdueRow = Omit<GovernmentOverdueDto, 'responsible' | 'kindLabel' | 'daysOverdue'> & { responsibleId: string | null };

const addSums = (rows: readonly Sums[]): Sums =>
  Object.fromEntries(SUM_KEYS.map((key) => [key, rows.reduce((sum, row) => sum + (row[key] ?? 0), 0)])) as unknown as Sums;

/** The 履约率 summary of summed counts (the rule: rateFromSum, as for one project). */
const fulfilmentOf = (
  s: Pick<Sums, 'clauses' | 'decided' | 'met' | 'partlyMet' | 'missed' | 'pending' | 'waived' | 'overdue' | 'rateSum'>,
) => ({
  rate: rateFromSum(s.rateSum, s.decided),
  clauses: s.clauses,
  decided: s.decided,
  met: s.met,
  partlyMet: s.partlyMet,
  missed: s.missed,
  pending: s.pending,
  waived: s.waived,
  overdue: s.overdue,
});

/**
 * The leaders' 履约监管 figures over the dashboards' filters (DashboardFilter): 履约率 by project, team,
 * industry and zone, the idle-land clocks by level, the government's overdue clauses; and 亩均效益 grades.
 * Computed in TypeScript from the same evaluation as the lead page (ObligationsReader), so both agree.
 */
@Injectable()
export class ObligationsDashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly filter: DashboardFilter,
    private readonly dimensions: DashboardDimensions,
    private readonly reader: ObligationsReader,
    private readonly users: UsersRepository,
    private readonly figures: ObligationFiguresService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async obligations(query: DashboardFilterQuery): Promise<ObligationsDashboardDto> {
    await this.figures.refresh();
    const { where, params } = await this.filter.where(query);
    // the figures row carries copies of the lead columns the filter reads, so `l` is obligation_figures here; leads are
    // read only for the names of the (at most LIST_LIMIT) rows listed
    const from = `FROM obligation_figures l WHERE ${where.join(' AND ')} AND l.status <> 'lost' AND l.agreements > 0`;
    const sums = `count(*)::int AS projects, (count(*) FILTER (WHERE l.fully_honoured))::int AS "fullyHonoured",
       sum(l.clauses)::int AS clauses, sum(l.decided)::int AS decided, sum(l.met)::int AS met, sum(l.partly_met)::int AS "partlyMet",
       sum(l.missed)::int AS missed, sum(l.pending)::int AS pending, sum(l.waived)::int AS waived, sum(l.overdue)::int AS overdue,
       sum(l.rate_sum)::float8 AS "rateSum",
       sum(l.clocks_none)::int AS "clocksNone", sum(l.clocks_yellow)::int AS "clocksYellow", sum(l.clocks_red)::int AS "clocksRed",
       sum(l.clocks_critical)::int AS "clocksCritical", sum(l.government_overdue_count)::int AS "governmentOverdue"`;
    const projectOrder = `coalesce(x.rate, 2), x.overdue DESC, x.code`;
    const clockOrder = `(x.item->>'rank')::int DESC, coalesce((x.item->'clock'->>'days')::int, 0) DESC, x.code`;
    const overdueOrder = `x.item->>'dueDate', x.code`;
    const today = this.reader.today();
    const [groups, projects, clocks, overdue] = await Promise.all([
      this.dataSource.query<GroupSums[]>(
        `SELECT GROUPING(l.team_id)::int AS "byTeam", GROUPING(l.industry_code)::int AS "byIndustry", GROUPING(l.zone_code)::int AS "byZone",
                l.team_id::text AS team, l.industry_code AS industry, l.zone_code AS zone, ${sums}
         ${from} GROUP BY GROUPING SETS ((l.team_id), (l.industry_code), (l.zone_code), ())`,
        params,
      ),
      this.dataSource.query<Array<Sums & { leadId: string; code: string; name: string; rate: number | null; clockLevel: IdleLandLevel }>>(
        `SELECT x.*, n.name FROM (
           SELECT l.lead_id AS "leadId", l.code, l.rate, l.clock_level AS "clockLevel", 1 AS projects,
                  l.clauses, l.decided, l.met, l.partly_met AS "partlyMet", l.missed, l.pending, l.waived, l.overdue
           ${from} ORDER BY ${projectOrder.replaceAll('x.', 'l.')} LIMIT ${LIST_LIMIT}) x
         JOIN leads n ON n.id = x."leadId" ORDER BY ${projectOrder}`,
        params,
      ),
      this.dataSource.query<Array<{ leadId: string; code: string; name: string; item: StoredClock }>>(
        `SELECT x.*, n.name FROM (
           SELECT l.lead_id AS "leadId", l.code, c.item
           FROM (SELECT * ${from} AND l.clock_rank > 0
                   -- the rows whose worst clock is at least the 100th row's: they hold the first 100 clocks
                   AND (l.clock_rank, l.clock_days) >= (SELECT coalesce(max(k.r), 0), coalesce(max(k.d), 0) FROM (
                        SELECT l.clock_rank AS r, l.clock_days AS d ${from} AND l.clock_rank > 0
                        ORDER BY l.clock_rank DESC, l.clock_days DESC OFFSET ${LIST_LIMIT - 1} LIMIT 1) k)
                ) l CROSS JOIN LATERAL jsonb_array_elements(l.clocks) AS c(item)
           ORDER BY ${clockOrder.replaceAll('x.item', 'c.item').replaceAll('x.', 'l.')} LIMIT ${LIST_LIMIT}) x
         JOIN leads n ON n.id = x."leadId" ORDER BY ${clockOrder}`,
        params,
      ),
      this.dataSource.query<GovernmentOverdueRow[]>(
        `SELECT c.id AS "clauseId", c.agreement_id AS "agreementId", x."leadId", x.code, n.name, c.kind, c.title, c.department,
                c.responsible_id AS "responsibleId", c.due_date::text AS "dueDate", x.item->>'state' AS state
         FROM (
           SELECT l.lead_id AS "leadId", l.code, g.item
           FROM (SELECT * ${from} AND l.government_overdue_count > 0
                   -- the rows whose earliest overdue clause is due no later than the 100th row's: they hold the first 100
                   AND l.government_overdue_since <= coalesce((SELECT l.government_overdue_since ${from} AND l.government_overdue_count > 0
                        ORDER BY l.government_overdue_since OFFSET ${LIST_LIMIT - 1} LIMIT 1), 'infinity'::date)
                ) l CROSS JOIN LATERAL jsonb_array_elements(l.government_overdue) AS g(item)
           ORDER BY ${overdueOrder.replaceAll('x.item', 'g.item').replaceAll('x.', 'l.')} LIMIT ${LIST_LIMIT}) x
         JOIN leads n ON n.id = x."leadId" JOIN agreement_clauses c ON c.id = (x.item->>'id')::uuid
         ORDER BY ${overdueOrder}`,
        params,
      ),
    ]);
    const total = groups.find((g) => g.byTeam && g.byIndustry && g.byZone);
    const group = async (by: 'team' | 'industry' | 'zone', flag: 'byTeam' | 'byIndustry' | 'byZone'): Promise<GroupFulfilmentDto[]> => {
      const { rollUp, names } = await this.dimensions.of(by);
      const rows = groups.filter((g) => !g[flag] && [g.byTeam, g.byIndustry, g.byZone].filter((x) => !x).length === 1);
      return [...groupBy(rows, (g) => rollUp(g[by])).entries()]
        .map(([key, members]) => {
          const sum = addSums(members);
          return { key, name: names(key), projects: sum.projects, fullyHonoured: sum.fullyHonoured, fulfilment: fulfilmentOf(sum) };
        })
        .sort((a, b) => (a.fulfilment.rate ?? 2) - (b.fulfilment.rate ?? 2) || b.projects - a.projects || a.key.localeCompare(b.key));
    };
    const people = await this.users.findByIds([...new Set(overdue.flatMap((o) => (o.responsibleId ? [o.responsibleId] : [])))]);
    const [byTeam, byIndustry, byZone] = await Promise.all([
      group('team', 'byTeam'),
      group('industry', 'byIndustry'),
      group('zone', 'byZone'),
    ]);
    const all = total ?? addSums([]);
    return {
      projects: all.projects,
      fullyHonoured: all.fullyHonoured,
      fulfilment: fulfilmentOf(all),
      byProject: projects.map((p) => ({
        leadId: p.leadId,
        code: p.code,
        name: p.name,
        fulfilment: { ...fulfilmentOf({ ...p, rateSum: 0 }), rate: p.rate },
        clockLevel: p.clockLevel,
      })),
      byTeam,
      byIndustry,
      byZone,
      clocks: {
        counts: { none: all.clocksNone, yellow: all.clocksYellow, red: all.clocksRed, critical: all.clocksCritical },
        items: clocks.map((c) => ({
          leadId: c.leadId,
          code: c.code,
          name: c.name,
          agreementId: c.item.agreementId,
          agreementNumber: c.item.agreementNumber,
          clock: IdleLandClockDto.from(c.item.clock),
        })),
      },
      governmentOverdueTotal: all.governmentOverdue,
      governmentOverdue: overdue.map(({ responsibleId, ...item }) => {
        const person = people.find((p) => p.id === responsibleId);
        return {
          ...item,
          kindLabel: CLAUSE_KIND_LABELS[item.kind],
          daysOverdue: daysBetween(item.dueDate, today),
          responsible: person ? { id: person.id, displayName: person.displayName } : null,
        };
      }),
    };
  }

  /** 亩均效益 of the year's operating projects: tax and output per 亩 from their reports, graded by the configured rules. */
  async grades(year = Number(this.reader.today().slice(0, 4)) - 1): Promise<GradesDto> {
    const thisYear = Number(this.reader.today().slice(0, 4));
    if (year > thisYear) throw fieldError('year', `${year} 年尚未开始，不能评价`);
    const leads = await this.dataSource.query<Array<DashboardLead & { mainLandAreaMu: number | null }>>(
      `SELECT ${LEAD_COLUMNS},
              (SELECT a.land_area_mu::float8 FROM agreements a WHERE a.lead_id = l.id AND a.kind = 'main') AS "mainLandAreaMu"
       FROM leads l WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND l.stage = 'operating'`,
    );
    const evaluated = await this.reader.evaluate(leads);
    const candidates = leads.map((lead) => {
      const figures = annualFigures((evaluated.get(lead.id)?.actuals ?? []).map(toReport), year, year < thisYear);
      return {
        leadId: lead.id,
        code: lead.code,
        landAreaMu: lead.mainLandAreaMu ?? lead.landAreaMu,
        tax: figures.tax,
        output: figures.output,
      };
    });
    const byId = new Map(candidates.map((c) => [c.leadId, c]));
    const names = new Map(leads.map((l) => [l.id, l.name]));
    const graded = gradeProjects(candidates, this.config.obligations.grading);
    const counts = { A: 0, B: 0, C: 0, D: 0, ungraded: 0 };
    for (const item of graded) counts[item.grade ?? 'ungraded'] += 1;
    return {
      year,
      rules: this.config.obligations.grading,
      counts,
      items: graded.map((item) => {
        const candidate = byId.get(item.leadId);
        return {
          ...item,
          name: names.get(item.leadId) ?? '',
          tax: candidate?.tax ?? null,
          output: candidate?.output ?? null,
          landAreaMu: candidate?.landAreaMu ?? null,
        };
      }),
    };
  }
}

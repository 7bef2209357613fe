import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { groupBy } from '../../common/collections/group-by';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { DashboardDimensions } from '../dashboard/dashboard-dimensions';
import { DashboardFilter } from '../dashboard/dashboard-filter';
import { DashboardFilterQuery } from '../dashboard/dto/dashboard-query.dto';
import { UsersRepository } from '../users/users.repository';
import { annualFigures, ClauseState } from './clause-state.calculator';
import {
  GroupFulfilmentDto,
  GradesDto,
  ObligationsDashboardDto,
  ClockItemDto,
  GovernmentOverdueDto,
} from './dto/obligations-dashboard.dto';
import { IdleLandClockDto } from './dto/obligation-response.dto';
import { daysBetween, IDLE_LAND_LEVELS, IdleLandLevel, worseLevel } from './idle-land.calculator';
import { gradeProjects } from './mu-grade.calculator';
import { CLAUSE_KIND_LABELS } from './obligation.model';
import { fieldError } from './obligations.errors';
import { ObligationLead, summarise, toReport } from './obligations.evaluator';
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

/** A project honours its agreements fully when it has decided clauses and every one is met. */
const fullyHonoured = (states: readonly ClauseState[]) =>
  states.some((s) => s.rate !== null) && states.every((s) => s.rate === null || s.rate === 1);

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async obligations(query: DashboardFilterQuery): Promise<ObligationsDashboardDto> {
    const { where, params } = await this.filter.where(query);
    const leads = await this.dataSource.query<DashboardLead[]>(
      `SELECT ${LEAD_COLUMNS} FROM leads l
       WHERE ${where.join(' AND ')} AND l.status <> 'lost' AND EXISTS (SELECT 1 FROM agreements a WHERE a.lead_id = l.id)`,
      params,
    );
    const evaluated = await this.reader.evaluate(leads);
    const today = this.reader.today();
    const projects = leads.map((lead) => {
      const found = evaluated.get(lead.id);
      const states = found ? [...found.evaluation.states.values()] : [];
      const clocks = found ? [...found.evaluation.clocks.values()] : [];
      return { lead, found, states, clockLevel: clocks.reduce<IdleLandLevel>((worst, c) => worseLevel(worst, c.level), 'none') };
    });

    const group = async (
      by: 'team' | 'industry' | 'zone',
      keyOf: (lead: DashboardLead) => string | null,
    ): Promise<GroupFulfilmentDto[]> => {
      const { rollUp, names } = await this.dimensions.of(by);
      return [...groupBy(projects, (p) => rollUp(keyOf(p.lead))).entries()]
        .map(([key, members]) => ({
          key,
          name: names(key),
          projects: members.length,
          fullyHonoured: members.filter((m) => fullyHonoured(m.states)).length,
          fulfilment: summarise(members.flatMap((m) => m.states)),
        }))
        .sort((a, b) => (a.fulfilment.rate ?? 2) - (b.fulfilment.rate ?? 2) || b.projects - a.projects || a.key.localeCompare(b.key));
    };

    const clockItems: ClockItemDto[] = [];
    const counts = Object.fromEntries(IDLE_LAND_LEVELS.map((level) => [level, 0])) as Record<IdleLandLevel, number>;
    const overdue: Array<Omit<GovernmentOverdueDto, 'responsible'> & { responsibleId: string | null }> = [];
    for (const { lead, found } of projects) {
      if (!found) continue;
      for (const agreement of found.agreements) {
        const clock = found.evaluation.clocks.get(agreement.id);
        if (!clock) continue;
        counts[clock.level] += 1;
        if (clock.level !== 'none')
          clockItems.push({
            leadId: lead.id,
            code: lead.code,
            name: lead.name,
            agreementId: agreement.id,
            agreementNumber: agreement.number,
            clock: IdleLandClockDto.from(clock),
          });
      }
      for (const clause of found.clauses) {
        const state = found.evaluation.states.get(clause.id);
        if (clause.party !== 'government' || !state?.overdue || !clause.dueDate) continue;
        overdue.push({
          clauseId: clause.id,
          agreementId: clause.agreementId,
          leadId: lead.id,
          code: lead.code,
          name: lead.name,
          kind: clause.kind,
          kindLabel: CLAUSE_KIND_LABELS[clause.kind],
          title: clause.title,
          department: clause.department,
          responsibleId: clause.responsibleId,
          dueDate: clause.dueDate,
          daysOverdue: daysBetween(clause.dueDate, today),
          state: state.state,
        });
      }
    }
    const level = (l: IdleLandLevel) => IDLE_LAND_LEVELS.indexOf(l);
    clockItems.sort(
      (a, b) => level(b.clock.level) - level(a.clock.level) || (b.clock.days ?? 0) - (a.clock.days ?? 0) || a.code.localeCompare(b.code),
    );
    overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.code.localeCompare(b.code));
    const people = await this.users.findByIds([...new Set(overdue.flatMap((o) => (o.responsibleId ? [o.responsibleId] : [])))]);
    const [byTeam, byIndustry, byZone] = await Promise.all([
      group('team', (lead) => lead.teamId),
      group('industry', (lead) => lead.industryCode),
      group('zone', (lead) => lead.zoneCode),
    ]);
    const all = projects.flatMap((p) => p.states);
    return {
      projects: projects.length,
      fullyHonoured: projects.filter((p) => fullyHonoured(p.states)).length,
      fulfilment: summarise(all),
      byProject: projects
        .map((p) => ({
          leadId: p.lead.id,
          code: p.lead.code,
          name: p.lead.name,
          fulfilment: summarise(p.states),
          clockLevel: p.clockLevel,
        }))
        .sort(
          (a, b) =>
            (a.fulfilment.rate ?? 2) - (b.fulfilment.rate ?? 2) ||
            b.fulfilment.overdue - a.fulfilment.overdue ||
            a.code.localeCompare(b.code),
        )
        .slice(0, LIST_LIMIT),
      byTeam,
      byIndustry,
      byZone,
      clocks: { counts, items: clockItems.slice(0, LIST_LIMIT) },
      governmentOverdue: overdue.map(({ responsibleId, ...item }) => {
        const person = people.find((p) => p.id === responsibleId);
        return { ...item, responsible: person ? { id: person.id, displayName: person.displayName } : null };
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

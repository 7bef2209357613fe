import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { groupBy } from '../../common/collections/group-by';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { UserRefDto } from '../leads/dto/lead-response.dto';
import { UsersRepository } from '../users/users.repository';
import { AgreementPageDto, AgreementResponseDto, ClauseResponseDto } from './dto/obligation-response.dto';
import { STOPPED_CLOCK } from './idle-land.calculator';
import { evaluateLead, LeadEvaluation, ObligationLead, summarise } from './obligations.evaluator';
import { ObligationsRepository } from './obligations.repository';

const DAY_MS = 86_400_000;

/** Reads leads' agreements, clauses and actuals and computes their states, clocks and 履约率 (no access check: callers resolve the lead first). */
@Injectable()
export class ObligationsReader {
  constructor(
    private readonly repo: ObligationsRepository,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The district's today (YYYY-MM-DD). */
  today(): string {
    return zonedDate(new Date(), this.config.timezone);
  }

  get yellowBeforeDays(): number {
    return Math.round(this.config.obligations.idleLandYellowBeforeMs / DAY_MS);
  }

  /** Each lead's evaluation with the rows it came from. */
  async evaluate(leads: readonly ObligationLead[], manager?: EntityManager) {
    const rows = await this.repo.loadForLeads(
      leads.map((l) => l.id),
      manager,
    );
    const today = this.today();
    // grouped once: filtering every list per lead is quadratic, minutes for the dashboard's 100k projects
    const grouped = {
      agreements: groupBy(rows.agreements, (r) => r.leadId),
      clauses: groupBy(rows.clauses, (r) => r.leadId),
      actuals: groupBy(rows.actuals, (r) => r.leadId),
      evidence: groupBy(rows.evidence, (r) => r.leadId),
    };
    const of = <T>(groups: Map<string, T[]>, leadId: string): T[] => groups.get(leadId) ?? [];
    return new Map(
      leads.map((lead) => {
        const own = {
          agreements: of(grouped.agreements, lead.id),
          clauses: of(grouped.clauses, lead.id),
          actuals: of(grouped.actuals, lead.id),
        };
        return [
          lead.id,
          { ...own, evidence: of(grouped.evidence, lead.id), evaluation: evaluateLead(lead, own, today, this.yellowBeforeDays) },
        ];
      }),
    );
  }

  /** GET /leads/:id/agreements for a lead the caller may see: its agreements with clauses, states, clocks and the project's 履约率. */
  async agreementsOf(lead: ObligationLead, manager?: EntityManager): Promise<AgreementPageDto> {
    const found = (await this.evaluate([lead], manager)).get(lead.id);
    if (!found) return { items: [], nextCursor: null, fulfilment: summarise([]) };
    const { agreements, clauses, evidence, evaluation } = found;
    const people = await this.users.findByIds([...new Set(clauses.flatMap((c) => (c.responsibleId ? [c.responsibleId] : [])))]);
    const refs = new Map<string, UserRefDto>(people.map((p) => [p.id, { id: p.id, displayName: p.displayName }]));
    const items = agreements.map((agreement) => {
      const own = clauses.filter((c) => c.agreementId === agreement.id);
      const states = own.map((c) => this.stateOf(evaluation, c.id));
      return AgreementResponseDto.from(
        agreement,
        own.map((c, i) =>
          ClauseResponseDto.from(
            c,
            states[i],
            evidence.filter((e) => e.clauseId === c.id),
            c.responsibleId ? (refs.get(c.responsibleId) ?? null) : null,
          ),
        ),
        evaluation.clocks.get(agreement.id) ?? STOPPED_CLOCK,
        summarise(states),
      );
    });
    return { items, nextCursor: null, fulfilment: evaluation.fulfilment };
  }

  private stateOf(evaluation: LeadEvaluation, clauseId: string) {
    const state = evaluation.states.get(clauseId);
    if (!state) throw new Error(`clause ${clauseId} was not evaluated`);
    return state;
  }
}

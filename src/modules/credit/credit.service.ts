import { Inject, Injectable } from '@nestjs/common';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../../common/pagination/cursor';
import { zonedDate } from '../../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { ReadSource } from '../../database/read-source';
import { leadScopeSql } from '../leads/lead-access';
import { ReferrerKind } from '../leads/lead.enums';
import { TeamsRepository } from '../teams/teams.repository';
import { CreditLeadFacts, CreditLine, creditLines, totalOf } from './credit.rules';
import { CreditLeadDto, CreditLeadsQuery, CreditPersonDto, CreditResponseDto, CreditTeamDto, NO_TEAM } from './dto/credit-response.dto';

interface CreditRow extends Omit<CreditLeadFacts, 'voided'> {
  id: string;
  code: string;
  name?: string;
  /** The person credited (CreditPersonDto.key), null without a referrer recorded. */
  key: string | null;
  teamId: string | null;
  referrerKind: ReferrerKind | null;
  referrerUserId: string | null;
  referrerName: string | null;
  referrerTeamId: string | null;
  voided: Array<{ stage: string; voidedOn: string }>;
}

/** The person a lead credits: a user referrer by id, an outside one by name; declared once, read by both routes. */
const PERSON_KEY_SQL = `CASE WHEN l.referrer_name IS NULL OR l.referrer_kind IS NULL THEN NULL
  WHEN l.referrer_kind = 'user' AND l.referrer_user_id IS NOT NULL THEN l.referrer_user_id::text
  ELSE 'outside:' || l.referrer_name END`;

/**
 * 首引人积分 (DESIGN §11): the year's scored lines per lead (credit.rules.ts) summed per referrer and per team. A user
 * referrer's points go to their team; an outside referrer's to the team of their first lead. Scoped like the other
 * dashboards. The summary carries the totals only; the lines behind a person's or team's figure are paged apart.
 */
@Injectable()
export class CreditService {
  constructor(
    private readonly reads: ReadSource,
    private readonly teams: TeamsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async credit(user: AuthUser, year?: number): Promise<CreditResponseDto> {
    const { theYear, today } = this.yearOf(year);
    const rows = await this.rows(user, theYear, { withName: false });
    const rules = this.config.credit;
    const persons = new Map<string, CreditPersonDto & { lines: CreditLine[] }>();
    let unattributedLeads = 0;
    for (const row of rows) {
      const lines = creditLines(rules, row, theYear, today);
      if (lines.length === 0) continue;
      if (row.key === null) {
        unattributedLeads += 1;
        continue;
      }
      const isUser = !row.key.startsWith('outside:');
      const person = persons.get(row.key) ?? {
        key: row.key,
        kind: row.referrerKind as ReferrerKind,
        userId: isUser ? row.referrerUserId : null,
        name: row.referrerName as string,
        teamId: isUser ? row.referrerTeamId : row.teamId,
        points: 0,
        awaitingPoints: 0,
        leads: 0,
        lines: [],
      };
      person.leads += 1;
      person.lines.push(...lines);
      persons.set(row.key, person);
    }
    const personList: CreditPersonDto[] = [...persons.values()].map(({ lines, ...person }) => ({ ...person, ...totalOf(lines) }));
    personList.sort((a, b) => b.points - a.points || b.awaitingPoints - a.awaitingPoints || a.name.localeCompare(b.name));
    const teamNames = new Map((await this.teams.listAll()).map((team) => [team.id, team.name]));
    const teams = new Map<string | null, CreditTeamDto>();
    for (const person of personList) {
      const team = teams.get(person.teamId) ?? {
        teamId: person.teamId,
        name: person.teamId ? (teamNames.get(person.teamId) ?? '') : '未分组',
        points: 0,
        awaitingPoints: 0,
        persons: 0,
        leads: 0,
      };
      team.points = Math.round((team.points + person.points) * 100) / 100;
      team.awaitingPoints = Math.round((team.awaitingPoints + person.awaitingPoints) * 100) / 100;
      team.persons += 1;
      team.leads += person.leads;
      teams.set(person.teamId, team);
    }
    const teamList = [...teams.values()].sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
    return { year: theYear, rules, persons: personList, teams: teamList, unattributedLeads };
  }

  /**
   * The scored leads behind one person's figure (`person`: their key) or one team's (`team`: its id, or `none`), by
   * code. A team's persons are those the summary credits to it, so the summary is computed first for a team.
   */
  async leads(user: AuthUser, query: CreditLeadsQuery): Promise<Page<CreditLeadDto>> {
    if ((query.person === undefined) === (query.team === undefined))
      throw AppError.validation('give either person or team', [
        { field: query.person === undefined ? 'person' : 'team', errors: ['exactly one of person and team is required'] },
      ]);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    let after = query.cursor === undefined ? null : decodeCursor(query.cursor, ['text'])[0];
    const { theYear, today } = this.yearOf(query.year);
    let keys: string[];
    if (query.person !== undefined) keys = [query.person];
    else {
      const teamId = query.team === NO_TEAM ? null : query.team;
      keys = (await this.credit(user, theYear)).persons.filter((p) => p.teamId === teamId).map((p) => p.key);
    }
    const items: CreditLeadDto[] = [];
    if (keys.length === 0) return { items, nextCursor: null };
    // Leads dated in the year without a line (a lost lead's events) are skipped, so a page may take more than one read.
    for (;;) {
      const rows = await this.rows(user, theYear, { withName: true, keys, after, limit: limit + 1 });
      for (const row of rows) {
        const lines = creditLines(this.config.credit, row, theYear, today);
        if (lines.length === 0) continue;
        items.push({ leadId: row.id, code: row.code, name: row.name ?? '', personKey: row.key as string, ...totalOf(lines), lines });
        if (items.length > limit) return { items: items.slice(0, limit), nextCursor: encodeCursor([items[limit - 1].code]) };
      }
      if (rows.length <= limit) return { items, nextCursor: null };
      after = rows[rows.length - 1].code;
    }
  }

  private yearOf(year?: number): { theYear: number; today: string } {
    const today = zonedDate(new Date(), this.config.timezone);
    return { theYear: year ?? Number(today.slice(0, 4)), today };
  }

  /** The leads with a credit event or a voidance in the year (the calculator's facts), by code; `keys`/`after` narrow them. */
  private rows(
    user: AuthUser,
    year: number,
    options: { withName: boolean; keys?: string[]; after?: string | null; limit?: number },
  ): Promise<CreditRow[]> {
    const params: unknown[] = [`${year}-01-01`, `${year + 1}-01-01`, this.config.timezone];
    const scope = leadScopeSql(user, params);
    const narrow: string[] = scope ? [scope] : [];
    if (options.keys) narrow.push(`(${PERSON_KEY_SQL}) = ANY($${params.push(options.keys)}::text[])`);
    if (options.after) narrow.push(`l.code > $${params.push(options.after)}`);
    const inYear = (column: string) => `(${column} >= $1::date AND ${column} < $2::date)`;
    const dated = `(${inYear('l.signed_at')} OR ${inYear('l.construction_started_at')} OR ${inYear('l.operating_at')} OR ${inYear('l.agreed_start_date')})`;
    // A day of the district's year is [day 00:00, next day 00:00) in its time zone: the voided day's range as times.
    const voidedInYear = `l.id IN (SELECT c.lead_id FROM lead_confirmations c
      WHERE c.status = 'voided' AND c.voided_at >= ($1::date::timestamp AT TIME ZONE $3) AND c.voided_at < ($2::date::timestamp AT TIME ZONE $3))`;
    const select = (condition: string) =>
      `SELECT l.id, l.code, ${options.withName ? 'l.name,' : ''} ${PERSON_KEY_SQL} AS key, l.team_id AS "teamId",
              l.referrer_kind AS "referrerKind", l.referrer_user_id AS "referrerUserId",
              l.referrer_name AS "referrerName", u.team_id AS "referrerTeamId", l.status = 'lost' AS lost,
              l.contract_investment::float8 AS "contractInvestment", l.signed_at::text AS "signedAt",
              l.agreed_start_date::text AS "agreedStartDate", l.construction_started_at::text AS "constructionStartedAt",
              l.operating_at::text AS "operatingAt",
              coalesce((SELECT array_agg(c.stage) FROM lead_confirmations c WHERE c.lead_id = l.id AND c.status = 'confirmed'), '{}') AS "confirmedStages",
              coalesce((SELECT json_agg(json_build_object('stage', c.stage, 'voidedOn', (c.voided_at AT TIME ZONE $3)::date::text))
                        FROM lead_confirmations c WHERE c.lead_id = l.id AND c.status = 'voided'), '[]') AS voided
       FROM leads l LEFT JOIN users u ON u.id = l.referrer_user_id
       WHERE l.deleted_at IS NULL ${narrow.map((c) => `AND ${c}`).join(' ')} AND ${condition}`;
    const limit = options.limit === undefined ? '' : `LIMIT $${params.push(options.limit)}`;
    // The leads dated in the year, then those only a voidance of the year brings: two index reads (the dates' indexes,
    // idx_lead_confirmations_voided) where one OR over both read every lead (seconds at 1M leads).
    // JIT off: the per-lead subqueries make the estimate large enough for PostgreSQL to compile the plan, seconds
    // of compiling on a busy machine for a read of half a second (measured at 1M leads).
    // from a read replica within REPLICA_MAX_LAG unless the caller wrote within it (ReadSource)
    return this.reads.read(user, (source) =>
      source.transaction(async (manager) => {
        await manager.query(`SET LOCAL jit = off`);
        return manager.query<CreditRow[]>(
          `${select(dated)} UNION ALL ${select(`NOT coalesce(${dated}, false) AND ${voidedInYear}`)} ORDER BY code ${limit}`,
          params,
        );
      }),
    );
  }
}

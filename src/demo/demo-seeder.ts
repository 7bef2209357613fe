import { INestApplication, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { zonedDate } from '../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../config/app.config';
import { LeadSource, KeyProjectLevel } from '../modules/leads/lead.enums';
import { LeadsService } from '../modules/leads/leads.service';
import { TeamsRepository } from '../modules/teams/teams.repository';
import { Role } from '../modules/users/role.enum';
import { UsersRepository } from '../modules/users/users.repository';
import { UsersService } from '../modules/users/users.service';
import { DEMO_LEADS, DEMO_TEAMS, DEMO_USERS, DemoLead } from './demo-data';

const logger = new Logger('Demo');
const DAY_MS = 86_400_000;

export interface DemoSummary {
  users: number;
  teams: number;
  leads: number;
  skipped: boolean;
}

/** Loads the demo bureau (users, teams, leads across every stage); does nothing when it is there already. */
export async function seedDemoData(app: INestApplication): Promise<DemoSummary> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const config = app.get<AppConfig>(APP_CONFIG);
  const teamsRepo = app.get(TeamsRepository);
  const usersRepo = app.get(UsersRepository);
  const usersService = app.get(UsersService);
  const leadsService = app.get(LeadsService);

  if (await teamsRepo.findByName(DEMO_TEAMS[0].name)) {
    logger.log({ msg: 'demo data present already; nothing to do' });
    return { users: 0, teams: 0, leads: 0, skipped: true };
  }

  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) teamIds.set(team.name, (await teamsRepo.save({ name: team.name })).id);

  const userIds = new Map<string, AuthUser>();
  for (const demo of DEMO_USERS) {
    const existing = await usersRepo.findByUsername(demo.username);
    const teamId = demo.team ? (teamIds.get(demo.team) ?? null) : null;
    const created = existing
      ? { id: existing.id }
      : await usersService.create({ username: demo.username, displayName: demo.displayName, password: demo.password, roles: demo.roles as Role[], teamId });
    userIds.set(demo.username, { id: created.id, username: demo.username, displayName: demo.displayName, roles: demo.roles as Role[], teamId });
  }
  for (const team of DEMO_TEAMS) {
    const leaderId = userIds.get(team.leader)?.id;
    if (leaderId) await dataSource.query('UPDATE teams SET leader_id = $1 WHERE id = $2', [leaderId, teamIds.get(team.name)]);
  }

  const today = Date.now();
  const date = (offsetDays: number | undefined) => (offsetDays === undefined ? null : zonedDate(new Date(today + offsetDays * DAY_MS), config.timezone));
  for (const demo of DEMO_LEADS) {
    const owner = userIds.get(demo.owner);
    if (!owner) throw new Error(`demo lead "${demo.name}" names an unknown owner ${demo.owner}`);
    const lead = await leadsService.create(owner, toCreateDto(demo, today));
    await placeAtStage(dataSource, lead.id, demo, userIds, date);
  }
  return { users: DEMO_USERS.length, teams: DEMO_TEAMS.length, leads: DEMO_LEADS.length, skipped: false };
}

function toCreateDto(demo: DemoLead, today: number) {
  return {
    name: demo.name,
    codeName: demo.codeName,
    companyName: demo.companyName,
    creditCode: demo.creditCode,
    industryCode: demo.industryCode,
    zoneCode: demo.zoneCode,
    source: demo.source as LeadSource,
    sourceCity: demo.sourceCity,
    plannedInvestment: demo.plannedInvestment,
    expectedAnnualOutput: demo.expectedAnnualOutput,
    expectedAnnualTax: demo.expectedAnnualTax,
    expectedJobs: demo.expectedJobs,
    landAreaMu: demo.landAreaMu,
    keyProjectLevel: demo.keyProjectLevel as KeyProjectLevel,
    contacts: demo.contacts,
    nextFollowUpAt: demo.nextFollowUpInDays === undefined ? undefined : new Date(today + demo.nextFollowUpInDays * DAY_MS).toISOString(),
  };
}

/** Puts a demo lead at its stage with the gate data that stage needs. */
async function placeAtStage(
  dataSource: DataSource,
  leadId: string,
  demo: DemoLead,
  users: Map<string, AuthUser>,
  date: (offsetDays: number | undefined) => string | null,
): Promise<void> {
  const negate = (days: number | undefined) => (days === undefined ? undefined : -days);
  await dataSource.query(
    `UPDATE leads SET stage = $2, status = $3, commissioner_id = $4, signed_at = $5, contract_investment = $6,
       agreed_start_date = $7, agreed_operating_date = $8, construction_started_at = $9, operating_at = $10,
       actual_investment = $11, lost_reason = $12, lost_to = $13, status_note = $14,
       last_follow_up_at = CASE WHEN $15::int IS NULL THEN NULL ELSE now() - make_interval(days => $15::int) END
     WHERE id = $1`,
    [
      leadId,
      demo.stage,
      demo.status,
      demo.commissioner ? (users.get(demo.commissioner)?.id ?? null) : null,
      date(negate(demo.signedDaysAgo)),
      demo.contractInvestment ?? null,
      date(demo.agreedStartInDays),
      date(demo.agreedOperatingInDays),
      date(negate(demo.constructionStartedDaysAgo)),
      date(negate(demo.operatingDaysAgo)),
      demo.actualInvestment ?? null,
      demo.lostReason ?? null,
      demo.lostTo ?? null,
      demo.statusNote ?? null,
      demo.lastFollowUpDaysAgo ?? null,
    ],
  );
}

import { INestApplicationContext, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { UnitOfWork } from '../common/queue/unit-of-work';
import { zonedDate } from '../common/time/zoned';
import { APP_CONFIG, AppConfig } from '../config/app.config';
import { AssessmentsService } from '../modules/assessments/assessments.service';
import { IssueCategory } from '../modules/enterprise-issues/enterprise-issue.enums';
import { EnterpriseIssuesService } from '../modules/enterprise-issues/enterprise-issues.service';
import { FollowUpType } from '../modules/follow-ups/follow-up.entity';
import { FollowUpsService } from '../modules/follow-ups/follow-ups.service';
import { KeyProjectLevel, LeadSource, LeadStage, LostReason } from '../modules/leads/lead.enums';
import { CommissionersService } from '../modules/pipeline/commissioners.service';
import { TransitionDto } from '../modules/pipeline/dto/transition.dto';
import { TransitionsService } from '../modules/pipeline/transitions.service';
import { ReminderScheduler } from '../modules/reminders/reminder-scheduler';
import { LeadsService } from '../modules/leads/leads.service';
import { TeamsRepository } from '../modules/teams/teams.repository';
import { Role } from '../modules/users/role.enum';
import { UsersRepository } from '../modules/users/users.repository';
import { UsersService } from '../modules/users/users.service';
import { ForecastSnapshots } from '../modules/forecast/forecast-snapshots.service';
import { DEMO_LEADS, DEMO_TEAMS, DEMO_USERS, DemoLead } from './demo-data';
import { seedDemoCarriers } from './demo-carriers';
import { seedDemoChains } from './demo-chains';
import { seedDemoCredit } from './demo-credit';
import { seedDemoObligations } from './demo-obligations';

const logger = new Logger('Demo');
const DAY_MS = 86_400_000;

export interface DemoSummary {
  users: number;
  teams: number;
  leads: number;
  skipped: boolean;
}

/** Loads the demo bureau (users, teams, leads across every stage); does nothing when it is there already. */
export async function seedDemoData(app: INestApplicationContext): Promise<DemoSummary> {
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
      : await usersService.create({
          username: demo.username,
          displayName: demo.displayName,
          password: demo.password,
          roles: demo.roles as Role[],
          teamId,
        });
    userIds.set(demo.username, {
      id: created.id,
      username: demo.username,
      displayName: demo.displayName,
      roles: demo.roles as Role[],
      teamId,
    });
  }
  for (const team of DEMO_TEAMS) {
    const leaderId = userIds.get(team.leader)?.id;
    if (leaderId) await dataSource.query('UPDATE teams SET leader_id = $1 WHERE id = $2', [leaderId, teamIds.get(team.name)]);
  }

  const today = Date.now();
  const date = (offsetDays: number | undefined) =>
    offsetDays === undefined ? undefined : zonedDate(new Date(today + offsetDays * DAY_MS), config.timezone);
  const services: PipelineServices = {
    leads: leadsService,
    transitions: app.get(TransitionsService),
    commissioners: app.get(CommissionersService),
    assessments: app.get(AssessmentsService),
    followUps: app.get(FollowUpsService),
    issues: app.get(EnterpriseIssuesService),
  };
  const leader = [...userIds.values()].find((u) => u.roles.includes(Role.Leader));
  const admin = [...userIds.values()].find((u) => u.roles.includes(Role.Admin));
  if (!leader || !admin) throw new Error('demo data needs a leader and an admin');
  for (const [index, demo] of DEMO_LEADS.entries()) {
    const owner = userIds.get(demo.owner);
    if (!owner) throw new Error(`demo lead "${demo.name}" names an unknown owner ${demo.owner}`);
    const commissioner = demo.commissioner ? userIds.get(demo.commissioner) : undefined;
    await walkDemoLead(services, demo, { owner, commissioner, leader, admin }, date, index);
    if (demo.stage !== 'lead' || demo.lastFollowUpDaysAgo !== undefined) await ageDemoLead(dataSource, demo);
  }
  await backdateDemoTransitions(dataSource, config.timezone);
  await seedDemoCredit(app, leader);
  await seedDemoObligations(app, { leader, byId: new Map([...userIds.values()].map((u) => [u.id, u])) }, DEMO_LEADS);
  const carrierManager = [...userIds.values()].find((u) => u.roles.includes(Role.CarrierManager));
  if (!carrierManager) throw new Error('demo data needs a carrier manager');
  await seedDemoCarriers(app, carrierManager);
  await seedDemoChains(dataSource);
  await resyncDemoReminders(app, dataSource);
  // the worker's snapshot may have been taken mid-seed: take it again over the whole demo
  await app.get(ForecastSnapshots).refresh(true);
  return { users: DEMO_USERS.length, teams: DEMO_TEAMS.length, leads: DEMO_LEADS.length, skipped: false };
}

function toCreateDto(demo: DemoLead) {
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
  };
}

interface PipelineServices {
  leads: LeadsService;
  transitions: TransitionsService;
  commissioners: CommissionersService;
  assessments: AssessmentsService;
  followUps: FollowUpsService;
  issues: EnterpriseIssuesService;
}

interface DemoPeople {
  owner: AuthUser;
  commissioner?: AuthUser;
  leader: AuthUser;
  admin: AuthUser;
}

const STAGES = ['lead', 'negotiating', 'signed', 'building', 'operating'] as const;

/** Takes a demo lead through the real pipeline — transitions, assignment, assessment, follow-ups, issues — so its timeline is real. */
async function walkDemoLead(
  s: PipelineServices,
  demo: DemoLead,
  people: DemoPeople,
  date: (days: number | undefined) => string | undefined,
  index: number,
): Promise<void> {
  const { owner, commissioner, leader } = people;
  let lead = await s.leads.create(owner, toCreateDto(demo));
  const reach = STAGES.indexOf(demo.stage);
  const move = async (actor: AuthUser, body: Omit<TransitionDto, 'version'>) => {
    const current = await s.leads.get(actor, lead.id);
    lead = await s.transitions.transition(actor, lead.id, { ...body, version: current.version });
  };
  if (demo.lastFollowUpDaysAgo !== undefined) {
    await s.followUps.create(owner, lead.id, {
      type: reach >= 2 ? FollowUpType.SiteVisit : index % 2 ? FollowUpType.Call : FollowUpType.Visit,
      occurredAt: new Date(Date.now() - demo.lastFollowUpDaysAgo * DAY_MS).toISOString(),
      summary:
        reach >= 3
          ? '到项目现场了解建设进度，协调施工用电'
          : reach >= 1
            ? '与企业负责人面谈，沟通用地与投资计划'
            : '电话联系企业，介绍文昌湖区产业政策',
    });
  }
  if (reach >= 1) await move(owner, { to: LeadStage.Negotiating });
  if (commissioner) lead = await s.commissioners.assign(leader, lead.id, { commissionerId: commissioner.id, note: '重点项目全程跟踪服务' });
  if (reach >= 2) {
    if (demo.keyProjectLevel !== 'none') {
      await s.assessments.create(owner, lead.id, {
        scores: { industryFit: 26, investmentIntensity: 20, taxPerMu: 15, technology: 11, energyEnvironment: 8 },
        vetoes: [],
        note: '符合文昌湖区重点产业招商指导目录，投资强度达标',
      });
    }
    await move(owner, {
      to: LeadStage.Signed,
      signedAt: date(demo.signedDaysAgo === undefined ? undefined : -demo.signedDaysAgo),
      contractInvestment: demo.contractInvestment,
      agreedStartDate: date(demo.agreedStartInDays),
      agreedOperatingDate: date(demo.agreedOperatingInDays),
    });
  }
  const actor = commissioner ?? owner;
  if (reach >= 3)
    await move(actor, {
      to: LeadStage.Building,
      constructionStartedAt: date(demo.constructionStartedDaysAgo === undefined ? undefined : -demo.constructionStartedDaysAgo),
    });
  if (reach >= 4)
    await move(actor, {
      to: LeadStage.Operating,
      operatingAt: date(demo.operatingDaysAgo === undefined ? undefined : -demo.operatingDaysAgo),
      actualInvestment: demo.actualInvestment,
    });
  if (reach >= 2 && commissioner && index % 2 === 0) {
    await s.issues.create(commissioner, lead.id, {
      title: reach >= 3 ? '施工临时用电增容' : '项目用地规划手续办理',
      category: reach >= 3 ? IssueCategory.Utilities : IssueCategory.Land,
      description: '企业反映办理周期较长，需协调相关部门加快推进',
      dueAt: new Date(Date.now() + ((index % 4) - 1) * 7 * DAY_MS).toISOString(),
      handlerId: commissioner.id,
      department: reach >= 3 ? '区供电中心' : '区自然资源局',
    });
  }
  // the commissioner's own visits, so that the cockpit's 近30天跟进 reads as the work it is (not 0 for everyone);
  // from 洽谈 on only, where stalls are measured from the stage's entry and not from the last follow-up
  if (commissioner && reach >= 1 && demo.status !== 'lost') {
    await s.followUps.create(commissioner, lead.id, {
      type: reach >= 3 ? FollowUpType.SiteVisit : FollowUpType.Visit,
      occurredAt: new Date(Date.now() - (2 + ((index * 7) % 24)) * DAY_MS).toISOString(),
      summary: reach >= 3 ? '护商走访：查看建设进度，了解企业用工与配套需求' : '护商走访：了解项目推进情况与企业诉求',
    });
  }
  if (demo.status === 'on_hold') await move(owner, { to: 'on_hold', note: demo.statusNote ?? '企业暂缓投资计划' });
  if (demo.status === 'lost') {
    await move(owner, {
      to: 'lost',
      note: demo.statusNote ?? '项目终止',
      lostReason: (demo.lostReason ?? 'other') as LostReason,
      lostTo: demo.lostTo,
    });
  }
}

/** The aging above moved follow-up times in SQL: bring the reminders in line, as the services would have. */
async function resyncDemoReminders(app: INestApplicationContext, dataSource: DataSource): Promise<void> {
  const scheduler = app.get(ReminderScheduler);
  const unitOfWork = app.get(UnitOfWork);
  const leads = await dataSource.query<Array<{ id: string; next_follow_up_at: Date | null; status: string }>>(
    `SELECT id, next_follow_up_at, status FROM leads WHERE deleted_at IS NULL`,
  );
  await unitOfWork.run(async (manager) => {
    for (const lead of leads)
      await scheduler.syncFollowUp(manager, { id: lead.id, nextFollowUpAt: lead.next_follow_up_at, status: lead.status });
  });
}

/** Spreads the demo's history over past months so that durations, medians and warnings look like a real ledger. */
async function ageDemoLead(dataSource: DataSource, demo: DemoLead): Promise<void> {
  const enteredDaysAgo =
    demo.operatingDaysAgo ??
    demo.constructionStartedDaysAgo ??
    demo.signedDaysAgo ??
    (demo.stage === 'negotiating' ? (demo.lastFollowUpDaysAgo ?? 20) + 15 : (demo.lastFollowUpDaysAgo ?? 10) + 5);
  const next = demo.nextFollowUpInDays === undefined ? null : new Date(Date.now() + demo.nextFollowUpInDays * DAY_MS);
  await dataSource.query(
    `UPDATE leads SET stage_entered_at = now() - make_interval(days => $2::int),
            created_at = now() - make_interval(days => $3::int),
            next_follow_up_at = CASE WHEN status = 'lost' THEN NULL ELSE $4::timestamptz END
     WHERE name = $1 AND company_name = $5`,
    [demo.name, enteredDaysAgo, enteredDaysAgo + 30 + (demo.signedDaysAgo ?? 0), next, demo.companyName],
  );
  // the walk happened today; give the stays a plausible length so that medians mean something in the demo
  await dataSource.query(
    `UPDATE lead_transitions t SET days_in_from_stage = round((12 + random() * 60)::numeric, 2)
     FROM leads l WHERE l.id = t.lead_id AND l.name = $1 AND l.company_name = $2 AND t.days_in_from_stage IS NOT NULL`,
    [demo.name, demo.companyName],
  );
}

/**
 * The walk above recorded every transition today; date each at the moment it stands for, so that the conversion
 * history (the forecast, #20) has three years of the district's own moves: 签约 / 开工 / 投产 on their gate dates,
 * 洽谈 halfway between creation and signing (or the stage's entry), 暂缓 and 终止 at the lead's last stage entry.
 */
async function backdateDemoTransitions(dataSource: DataSource, timezone: string): Promise<void> {
  const onDate = (column: string) => `((l.${column} + time '10:00') AT TIME ZONE $1)`;
  await dataSource.query(
    // only the demo's leads (a test's own leads in the same database keep their times); COALESCE: a date missing keeps it
    `UPDATE lead_transitions t SET at = COALESCE(CASE
       WHEN t.to_status IN ('lost', 'on_hold') THEN l.stage_entered_at
       WHEN t.to_stage = 'negotiating' THEN CASE
         WHEN l.signed_at IS NOT NULL THEN l.created_at + (${onDate('signed_at')} - l.created_at) / 2
         WHEN l.status <> 'active' THEN l.created_at + (l.stage_entered_at - l.created_at) / 2
         ELSE l.stage_entered_at END
       WHEN t.to_stage = 'signed' THEN ${onDate('signed_at')}
       WHEN t.to_stage = 'building' THEN ${onDate('construction_started_at')}
       WHEN t.to_stage = 'operating' THEN ${onDate('operating_at')}
       END, t.at)
     FROM leads l WHERE l.id = t.lead_id AND l.deleted_at IS NULL AND t.kind IN ('forward', 'hold', 'lose')
       AND l.name = ANY($2::text[])`,
    [timezone, DEMO_LEADS.map((demo) => demo.name)],
  );
}

import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { ActualsService } from '../modules/obligations/actuals.service';
import { AgreementsService } from '../modules/obligations/agreements.service';
import { addDays } from '../modules/obligations/idle-land.calculator';
import { ClauseStatus } from '../modules/obligations/obligation.model';
import { ObligationsReader } from '../modules/obligations/obligations.reader';
import { parsePeriod, previousQuarter } from '../modules/obligations/period';

/** A demo lead as the obligations seed reads it back. */
interface SignedDemoLead {
  id: string;
  name: string;
  stage: 'signed' | 'building' | 'operating';
  signed_at: string;
  agreed_start_date: string;
  agreed_operating_date: string;
  construction_started_at: string | null;
  contract_investment: number;
  land_area_mu: number | null;
  expected_annual_output: number | null;
  expected_annual_tax: number | null;
  commissioner_id: string | null;
  owner_id: string;
}

/** m² of floor area per 亩 at the plot ratio 1.2 the demo's industrial land allows (1 亩 = 666.7 m²). */
const FLOOR_PER_MU = 800;

/**
 * 履约监管 for the demo's signed, building and operating projects, through the services so their timelines are
 * real: a main agreement with its land, investor and government clauses, a rolling year of quarterly actuals
 * for projects under way; some clauses met, some late, the oldest signed-but-not-started project's land on a red
 * idle-land clock, and one government obligation (utilities) overdue.
 */
export async function seedDemoObligations(
  app: INestApplicationContext,
  people: { leader: AuthUser; byId: Map<string, AuthUser> },
  demoLeads: ReadonlyArray<{ name: string; companyName: string }>,
): Promise<number> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const agreements = app.get(AgreementsService);
  const actuals = app.get(ActualsService);
  const today = app.get(ObligationsReader).today();
  const leads = await dataSource.query<SignedDemoLead[]>(
    `SELECT id, name, stage, signed_at, agreed_start_date, agreed_operating_date, construction_started_at, contract_investment::float8,
            land_area_mu::float8, expected_annual_output::float8, expected_annual_tax::float8, commissioner_id, owner_id
     FROM leads WHERE deleted_at IS NULL AND status <> 'lost' AND stage IN ('signed', 'building', 'operating')
       AND (name, company_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     ORDER BY signed_at`,
    [demoLeads.map((d) => d.name), demoLeads.map((d) => d.companyName)],
  );
  const idleLand = leads.find((l) => l.stage === 'signed');
  const { leader } = people;
  for (const lead of leads) {
    const actor = people.byId.get(lead.commissioner_id ?? lead.owner_id) ?? leader;
    const mu = lead.land_area_mu ?? 50;
    const agreement = await agreements.create(actor, lead.id, {
      kind: 'main',
      number: `WCH-TZ-${lead.signed_at.slice(0, 4)}-${lead.id.slice(0, 4).toUpperCase()}`,
      signedOn: lead.signed_at,
      parties: `淄博市文昌湖省级旅游度假区管理委员会；${lead.name}投资方`,
      investment: lead.contract_investment,
      landAreaMu: mu,
      landUse: '工业用地',
      landDeliveryDate: addDays(lead.signed_at, 60),
      // the land contract of the oldest not-started project set its start 400 days ago: a red idle-land clock
      landStartDate: lead === idleLand ? addDays(today, -400) : lead.agreed_start_date,
      landPrice: Math.round(mu * 12),
      plannedFloorArea: mu * FLOOR_PER_MU,
    });
    const clause = (body: Parameters<AgreementsService['createClause']>[3]) => agreements.createClause(actor, lead.id, agreement.id, body);
    const decide = async (clauseId: string, version: number, status: ClauseStatus, reason: string) =>
      agreements.updateClause(status === ClauseStatus.Waived ? leader : actor, lead.id, agreement.id, clauseId, {
        version,
        status,
        reason,
      });

    const land = await clause({
      party: 'government',
      kind: 'land_delivery',
      title: '签约后60日内交付净地',
      dueDate: addDays(lead.signed_at, 60),
      department: '区自然资源局',
      responsibleId: leader.id,
      evidenceRequired: '交地确认书',
    });
    const utilities = await clause({
      party: 'government',
      kind: 'utilities',
      title: '约定开工前30日水电气管网接通至红线',
      dueDate: addDays(lead.agreed_start_date, -30),
      department: '区住建局',
      responsibleId: leader.id,
    });
    await clause({ party: 'investor', kind: 'construction_start', title: '按约定日期开工建设', dueDate: lead.agreed_start_date });
    await clause({
      party: 'investor',
      kind: 'investment_arrived',
      title: '约定投产前实际到位投资不低于合同投资的60%',
      threshold: Math.round(lead.contract_investment * 0.6),
      unit: '万元',
      dueDate: lead.agreed_operating_date,
    });
    if (lead.stage !== 'signed') {
      await decide(land.id, land.version, ClauseStatus.Met, '已按期交地，交地确认书已归档');
      await decide(utilities.id, utilities.version, ClauseStatus.Met, '水电气已接通至项目红线');
    }
    if (lead.stage === 'operating') {
      const lastYear = Number(today.slice(0, 4)) - 1;
      await clause({
        party: 'investor',
        kind: 'tax_per_mu',
        title: '达产后亩均税收不低于15万元',
        threshold: 15,
        unit: '万元/亩',
        yearlyFrom: lastYear,
      });
      await clause({ party: 'investor', kind: 'jobs', title: '新增就业不少于200人', threshold: 200, unit: '人', yearlyFrom: lastYear });
    }
    if (lead.stage !== 'signed') await reportRollingYear(actuals, actor, lead, today, mu);
  }
  return leads.length;
}

/** The four quarters before today's (those after the signing): investment and building rising, output and tax once operating. */
async function reportRollingYear(actuals: ActualsService, actor: AuthUser, lead: SignedDemoLead, today: string, mu: number): Promise<void> {
  const quarters = [];
  for (let day = today, i = 0; i < 4; i += 1) {
    const quarter = previousQuarter(day);
    quarters.unshift(quarter);
    day = quarter.start;
  }
  const operating = lead.stage === 'operating';
  for (const [i, quarter] of quarters.entries()) {
    if (quarter.end < lead.signed_at || !parsePeriod(quarter.key)) continue;
    const progress = (i + 1) / 4;
    await actuals.report(actor, lead.id, {
      period: quarter.key,
      investmentArrived: Math.round(lead.contract_investment * (operating ? 0.7 + 0.1 * progress : 0.2 + 0.3 * progress)),
      builtFloorArea: Math.round(mu * FLOOR_PER_MU * (operating ? 1 : 0.2 + 0.4 * progress)),
      jobs: operating ? 150 + 20 * i : 30 + 10 * i,
      output: operating ? Math.round((lead.expected_annual_output ?? 20000) / 4) : null,
      tax: operating ? Math.round((lead.expected_annual_tax ?? 1000) / 4) : null,
      energy: operating ? Math.round((lead.expected_annual_output ?? 20000) / 400) : null,
      note: operating ? '企业按季报送' : '建设期按季报送',
    });
  }
}

import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { ConfirmationsService } from '../modules/confirmations/confirmations.service';
import { ConfirmationDecision } from '../modules/confirmations/dto/confirmation.dto';
import { CONFIRMABLE_STAGES, CONFIRMATION_EVIDENCE_HINT } from '../modules/confirmations/confirmation.model';
import { LeadStage, ReferrerKind, STAGE_ORDER } from '../modules/leads/lead.enums';
import { DEMO_LEADS } from './demo-data';

/** Outside referrers (首引人) of demo projects: the chambers, associations and people a bureau hears of projects from. */
const OUTSIDE_REFERRERS = [
  { kind: ReferrerKind.Organisation, name: '淄博市浙江商会', contact: '0533-2187766' },
  { kind: ReferrerKind.Person, name: '周振华 (深圳淄博商会副会长)', contact: '13905331234' },
  { kind: ReferrerKind.Organisation, name: '山东省产业技术研究院', contact: '0531-88990011' },
] as const;

const PDF = Buffer.from('%PDF-1.4\n%演示佐证\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/**
 * 考核 demo (#20): a referrer on every demo project from 洽谈 on (two in three the promoter who owns it, else an outside
 * referrer); leaders' confirmations with evidence of most signed projects' moves — every second project's latest stage
 * left awaiting, one signing rejected — so the cockpit shows 已确认 and 待确认 side by side. The double-signed company
 * is in the demo leads themselves (新能源汽车智能电控及线束项目).
 */
// the demo's own leads only (a database may hold others: a test run's, a bureau's), and none decided before
const DEMO_LEAD_SQL = `(l.name, l.company_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;
const DEMO_LEDGER = [DEMO_LEADS.map((d) => d.name), DEMO_LEADS.map((d) => d.companyName)];

export async function seedDemoCredit(app: INestApplicationContext, leader: AuthUser): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const confirmations = app.get(ConfirmationsService);
  const leads = await dataSource.query<Array<{ id: string; stage: LeadStage; owner_id: string; owner_name: string }>>(
    `SELECT l.id, l.stage, l.owner_id, u.display_name AS owner_name FROM leads l JOIN users u ON u.id = l.owner_id
     WHERE l.deleted_at IS NULL AND l.stage <> 'lead' AND ${DEMO_LEAD_SQL} ORDER BY l.code`,
    DEMO_LEDGER,
  );
  for (const [index, lead] of leads.entries()) {
    const outside = index % 3 === 2 ? OUTSIDE_REFERRERS[index % OUTSIDE_REFERRERS.length] : null;
    await dataSource.query(
      `UPDATE leads SET referrer_kind = $2, referrer_user_id = $3, referrer_name = $4, referrer_contact = $5 WHERE id = $1`,
      outside
        ? [lead.id, outside.kind, null, outside.name, outside.contact]
        : [lead.id, ReferrerKind.User, lead.owner_id, lead.owner_name, null],
    );
  }
  const signed = await dataSource.query<Array<{ id: string; stage: LeadStage }>>(
    `SELECT l.id, l.stage FROM leads l
     WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND l.stage IN ('signed', 'building', 'operating') AND ${DEMO_LEAD_SQL}
       AND NOT EXISTS (SELECT 1 FROM lead_confirmations c WHERE c.lead_id = l.id)
     ORDER BY l.code`,
    DEMO_LEDGER,
  );
  for (const [index, lead] of signed.entries()) {
    const reached = CONFIRMABLE_STAGES.filter((stage) => STAGE_ORDER.indexOf(stage) <= STAGE_ORDER.indexOf(lead.stage));
    // every second project leaves its latest move awaiting the leader; the fifth one's signing is rejected
    const toConfirm = index % 2 === 1 ? reached.slice(0, -1) : reached;
    for (const stage of toConfirm) {
      const evidence = await confirmations.uploadEvidence(leader, lead.id, {
        fileName: `${CONFIRMATION_EVIDENCE_HINT[stage].split('/')[0]}.pdf`,
        data: PDF,
        contentType: 'application/pdf',
      });
      await confirmations.decide(leader, lead.id, { stage, evidenceIds: [evidence.id], note: '演示: 已核对原件' });
    }
    if (index === 5 && toConfirm.length < reached.length)
      await confirmations.decide(leader, lead.id, {
        stage: reached[reached.length - 1],
        decision: ConfirmationDecision.Reject,
        reason: '佐证材料不清晰, 请补充',
      });
  }
}

import { sqlList } from '../../common/sql/sql-list';
import { LeadStage, STAGE_LABELS, STAGE_ORDER } from '../leads/lead.enums';
import { PIPELINE } from '../pipeline/pipeline.model';
import { STAGE_GATES } from '../pipeline/lead-stage.machine';

/**
 * 审核确认, declared once: the stages a leader confirms are those the pipeline dates (签约, 开工建设, 运营投产: the
 * stages with an `enteredOn` date), each with the evidence a leader looks at. The SQL fragments the dashboards,
 * the queue and the credit read are derived here.
 */
export const CONFIRMABLE_STAGES: readonly LeadStage[] = STAGE_ORDER.filter((stage) => PIPELINE.enteredOn(stage) !== undefined);

export const CONFIRMATION_EVIDENCE_HINT: Readonly<Record<string, string>> = {
  signed: '签约合同/投资协议',
  building: '开工现场照片/施工许可',
  operating: '投产证明/到位资金凭证',
};

export const isConfirmable = (stage: string): stage is LeadStage => (CONFIRMABLE_STAGES as readonly string[]).includes(stage);

/** The figures a confirmation of the stage snapshots: the stage's gate fields. */
export const confirmedFigureFields = (stage: LeadStage): readonly string[] => STAGE_GATES[stage];

export const CONFIRMABLE_SQL_LIST = sqlList(CONFIRMABLE_STAGES);

export const confirmableLabel = (stage: LeadStage) => STAGE_LABELS[stage];

/** SQL: lead `alias` has a standing confirmation of `stage` (a SQL expression or quoted literal). */
export function confirmedSql(alias: string, stage: string): string {
  return `EXISTS (SELECT 1 FROM lead_confirmations c WHERE c.lead_id = ${alias}.id AND c.stage = ${stage} AND c.status = 'confirmed')`;
}

export { stagePositionSql } from '../leads/double-signing';

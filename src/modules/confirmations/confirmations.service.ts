import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { EvidenceFile, evidenceFile, storedEvidenceColumns } from '../../common/evidence/evidence-file';
import { EvidenceUpload } from '../../common/evidence/evidence-upload';
import { sqlList } from '../../common/sql/sql-list';
import { doubleSigningFor } from '../leads/double-signing';
import { leadScopeSql } from '../leads/lead-access';
import { leadField } from '../leads/lead.model';
import { LeadStage, LeadStatus, STAGE_LABELS, STAGE_ORDER } from '../leads/lead.enums';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { UsersRepository } from '../users/users.repository';
import { PIPELINE } from '../pipeline/pipeline.model';
import {
  CONFIRMABLE_STAGES,
  CONFIRMATION_EVIDENCE_HINT,
  confirmedFigureFields,
  confirmedSql,
  stagePositionSql,
} from './confirmation.model';
import { ConfirmationEvidence } from './confirmation-evidence.entity';
import { ConfirmationsRepository } from './confirmations.repository';
import {
  ConfirmationDecision,
  ConfirmationEvidenceDto,
  ConfirmationQueueDto,
  ConfirmationQueueItemDto,
  ConfirmationResponseDto,
  DecideConfirmationDto,
  LeadConfirmationsDto,
  QueueStatus,
} from './dto/confirmation.dto';
import { ConfirmationStatus, LeadConfirmation } from './lead-confirmation.entity';

const QUEUE_LIMIT = 500;

/** The stages at or after the first confirmable one: a lead there has reached at least one confirmable stage. */
const CONFIRMED_FROM_SQL_LIST = sqlList(STAGE_ORDER.slice(STAGE_ORDER.indexOf(CONFIRMABLE_STAGES[0])));

/** The SQL of a confirmable stage's date column (签约日期, 实际开工日期, 实际投产日期), from the pipeline's `enteredOn`. */
const enteredOnSql = (alias: string, stage: string): string =>
  `CASE ${stage} ${CONFIRMABLE_STAGES.map((s) => `WHEN '${s}' THEN ${alias}.${leadField(PIPELINE.enteredOn(s) as string)?.column}::text`).join(' ')} END`;

/**
 * 审核确认 (DESIGN §11): a leader confirms a lead's move into 签约, 开工建设 or 运营投产 with its evidence, and only then
 * does it count in the official figures; until then it awaits confirmation. A rejection (with its reason) leaves the
 * lead where it is, still awaiting: the promoter supplies better evidence or a leader moves the lead back. A move back
 * voids the confirmation of the stage left (TransitionsService); moves forward keep the earlier stages' confirmations.
 */
@Injectable()
export class ConfirmationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly users: UsersRepository,
    private readonly repo: ConfirmationsRepository,
  ) {}

  async uploadEvidence(user: AuthUser, leadId: string, upload: EvidenceUpload): Promise<ConfirmationEvidenceDto> {
    const saved = await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      const evidence = await this.repo.insertEvidence({ leadId, ...storedEvidenceColumns(upload, user.id) }, manager);
      await this.events.appendEvent(
        {
          leadId,
          kind: 'confirmation_evidence_added',
          actorId: user.id,
          data: { evidenceId: evidence.id, fileName: evidence.fileName, sizeBytes: evidence.sizeBytes },
        },
        manager,
      );
      return evidence;
    });
    return evidenceDto(saved);
  }

  async downloadEvidence(user: AuthUser, leadId: string, evidenceId: string): Promise<EvidenceFile> {
    await this.leads.findVisible(user, leadId);
    const evidence = await this.repo.findEvidenceWithContent(leadId, evidenceId);
    if (!evidence) throw AppError.notFound('Evidence', evidenceId);
    return evidenceFile(evidence);
  }

  async decide(user: AuthUser, leadId: string, dto: DecideConfirmationDto): Promise<ConfirmationResponseDto> {
    const id = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      const decision = dto.decision ?? ConfirmationDecision.Confirm;
      if (lead.status === LeadStatus.Lost)
        throw new AppError(ErrorCode.UnprocessableEntity, '项目已终止, 不能审核 (the lead is lost)', {
          status: lead.status,
          stage: dto.stage,
        });
      if (STAGE_ORDER.indexOf(lead.stage) < STAGE_ORDER.indexOf(dto.stage))
        throw new AppError(
          ErrorCode.UnprocessableEntity,
          `项目尚未进入「${STAGE_LABELS[dto.stage]}」阶段 (the lead has not reached the stage)`,
          {
            stage: dto.stage,
          },
        );
      const standing = await this.repo.standing(lead.id, dto.stage, manager);
      if (standing)
        throw new AppError(ErrorCode.Conflict, `「${STAGE_LABELS[dto.stage]}」已审核确认 (already confirmed)`, {
          stage: dto.stage,
          confirmationId: standing.id,
        });
      const ids = [...new Set(dto.evidenceIds ?? [])];
      if (decision === ConfirmationDecision.Confirm && ids.length === 0)
        throw new AppError(
          ErrorCode.UnprocessableEntity,
          `审核确认须附佐证材料: ${CONFIRMATION_EVIDENCE_HINT[dto.stage]} (evidence required)`,
          {
            stage: dto.stage,
            missing: ['evidenceIds'],
          },
        );
      const evidence = ids.length ? await this.repo.unusedEvidence(lead.id, ids, manager) : [];
      if (evidence.length !== ids.length) {
        const found = new Set(evidence.map((e) => e.id));
        throw new AppError(ErrorCode.UnprocessableEntity, '佐证材料不属于该项目或已被使用 (unknown or used evidence)', {
          stage: dto.stage,
          evidenceIds: ids.filter((evidenceId) => !found.has(evidenceId)),
        });
      }
      const stored = lead as unknown as Record<string, unknown>;
      const confirmation = await this.repo.insert(
        {
          leadId: lead.id,
          stage: dto.stage,
          status: decision === ConfirmationDecision.Confirm ? ConfirmationStatus.Confirmed : ConfirmationStatus.Rejected,
          note: dto.note ?? null,
          reason: decision === ConfirmationDecision.Reject ? (dto.reason ?? null) : null,
          figures: Object.fromEntries(confirmedFigureFields(dto.stage).map((field) => [field, stored[field] ?? null])),
          decidedBy: user.id,
        },
        manager,
      );
      await this.repo.attachEvidence(ids, confirmation.id, manager);
      await this.events.appendEvent(
        {
          leadId: lead.id,
          kind: decision === ConfirmationDecision.Confirm ? 'confirmation_confirmed' : 'confirmation_rejected',
          actorId: user.id,
          data: {
            confirmationId: confirmation.id,
            stage: dto.stage,
            evidenceIds: ids,
            note: dto.note ?? null,
            reason: confirmation.reason,
          },
        },
        manager,
      );
      return confirmation.id;
    });
    const [answer] = await this.answers(await this.repo.ofLead(leadId).then((rows) => rows.filter((row) => row.id === id)), leadId);
    return answer;
  }

  async ofLead(user: AuthUser, leadId: string): Promise<LeadConfirmationsDto> {
    const lead = await this.leads.findVisible(user, leadId);
    const rows = await this.repo.ofLead(leadId);
    const evidence = await this.repo.evidenceOfLead(leadId);
    const reached = lead.status !== LeadStatus.Lost ? STAGE_ORDER.indexOf(lead.stage) : -1;
    return {
      stages: CONFIRMABLE_STAGES.map((stage) => ({
        stage,
        stageLabel: STAGE_LABELS[stage],
        state: rows.some((row) => row.stage === stage && row.status === ConfirmationStatus.Confirmed)
          ? 'confirmed'
          : STAGE_ORDER.indexOf(stage) <= reached
            ? 'awaiting'
            : 'not_reached',
        evidenceHint: CONFIRMATION_EVIDENCE_HINT[stage],
      })),
      items: await this.answers(rows, leadId, evidence),
      unusedEvidence: evidence.filter((e) => e.confirmationId === null).map(evidenceDto),
    };
  }

  /** 待审核: every (lead, stage) the caller may see whose move awaits confirmation, oldest stage date first. */
  async queue(user: AuthUser, status: QueueStatus = QueueStatus.Pending): Promise<ConfirmationQueueDto> {
    const params: unknown[] = [CONFIRMABLE_STAGES];
    const scope = leadScopeSql(user, params);
    const rejectedReason = (lead: string, stage: string) =>
      `(SELECT CASE WHEN c.status = 'rejected' THEN c.reason END FROM lead_confirmations c
        WHERE c.lead_id = ${lead} AND c.stage = ${stage} ORDER BY c.created_at DESC, c.id DESC LIMIT 1)`;
    // the latest decision a rejection; the EXISTS, implied, lets PostgreSQL start from the few rejections
    const rejectedOnly = `EXISTS (SELECT 1 FROM lead_confirmations r WHERE r.lead_id = l.id AND r.stage = s.stage AND r.status = 'rejected')
      AND ${rejectedReason('l.id', 's.stage')} IS NOT NULL`;
    const order = (entered: string, code: string, stage: string) => `${entered} NULLS LAST, ${code}, array_position($1::text[], ${stage})`;
    // The page is chosen from idx_leads_confirmable alone (an index-only scan; `l.stage IN` is implied by the stage
    // positions and names the index), then its leads are read: at 1M leads the heap of every signed lead took seconds.
    const rows = await this.dataSource.query<Array<Omit<ConfirmationQueueItemDto, 'stageLabel' | 'doubleSigning' | 'evidenceHint'>>>(
      `SELECT l.id AS "leadId", l.code AS "leadCode", l.name AS "leadName", l.company_name AS "companyName", l.team_id AS "teamId",
              q.stage, q."enteredOn", l.contract_investment::float8 AS "contractInvestment", l.actual_investment::float8 AS "actualInvestment",
              ${rejectedReason('l.id', 'q.stage')} AS "rejectedReason"
       FROM (
         SELECT l.id, l.code, s.stage, ${enteredOnSql('l', 's.stage')} AS "enteredOn"
         FROM leads l CROSS JOIN unnest($1::text[]) s(stage)
         WHERE l.deleted_at IS NULL AND l.status <> 'lost' AND l.stage IN (${CONFIRMED_FROM_SQL_LIST})
           AND ${stagePositionSql('l.stage')} >= ${stagePositionSql('s.stage')}
           AND NOT ${confirmedSql('l', 's.stage')} ${scope ? `AND ${scope}` : ''}
           ${status === QueueStatus.Rejected ? `AND ${rejectedOnly}` : ''}
         ORDER BY ${order('"enteredOn"', 'l.code', 's.stage')} LIMIT ${QUEUE_LIMIT}
       ) q JOIN leads l ON l.id = q.id
       ORDER BY ${order('q."enteredOn"', 'q.code', 'q.stage')}`,
      params,
    );
    const doubles = await this.events.doubleSigned([...new Set(rows.map((row) => row.leadId))]);
    return {
      items: rows.map((row) => ({
        ...row,
        stageLabel: STAGE_LABELS[row.stage],
        evidenceHint: CONFIRMATION_EVIDENCE_HINT[row.stage],
        doubleSigning: doubleSigningFor(
          user,
          doubles.filter((d) => d.leadId === row.leadId),
        ),
      })),
    };
  }

  /**
   * A move back voids the standing confirmations of the stages the lead left (the stage it was at and any above):
   * those figures leave the official count; the credit deducts them (credit.rules.ts). Runs in the transition's transaction.
   */
  async voidOnMoveBack(
    manager: EntityManager,
    leadId: string,
    toStage: LeadStage,
    actorId: string | null,
    reason: string | null,
  ): Promise<void> {
    const left = CONFIRMABLE_STAGES.filter((stage) => STAGE_ORDER.indexOf(stage) > STAGE_ORDER.indexOf(toStage));
    const voided = await this.repo.voidStanding(leadId, left, { actorId, reason }, manager);
    for (const row of voided)
      await this.events.appendEvent(
        { leadId, kind: 'confirmation_voided', actorId, data: { confirmationId: row.id, stage: row.stage, reason } },
        manager,
      );
  }

  private async answers(rows: LeadConfirmation[], leadId: string, evidence?: ConfirmationEvidence[]): Promise<ConfirmationResponseDto[]> {
    const files = evidence ?? (await this.repo.evidenceOfLead(leadId));
    const deciders = await this.users.findByIds([...new Set(rows.map((row) => row.decidedBy))]);
    return rows.map((row) => {
      const decider = deciders.find((u) => u.id === row.decidedBy);
      return {
        id: row.id,
        leadId: row.leadId,
        stage: row.stage as LeadStage,
        stageLabel: STAGE_LABELS[row.stage as LeadStage],
        status: row.status,
        note: row.note,
        reason: row.reason,
        figures: row.figures,
        evidence: files.filter((e) => e.confirmationId === row.id).map(evidenceDto),
        decidedBy: decider ? { id: decider.id, displayName: decider.displayName } : null,
        createdAt: row.createdAt,
        voidedAt: row.voidedAt,
        voidReason: row.voidReason,
      };
    });
  }
}

function evidenceDto(e: ConfirmationEvidence): ConfirmationEvidenceDto {
  return {
    id: e.id,
    leadId: e.leadId,
    confirmationId: e.confirmationId,
    fileName: e.fileName,
    contentType: e.contentType,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    createdAt: e.createdAt,
  };
}

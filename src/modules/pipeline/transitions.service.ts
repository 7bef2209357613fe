import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { bulkInsert } from '../../database/bulk-insert';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { AssessmentsService } from '../assessments/assessments.service';
import { CarrierReservationsService } from '../carriers/carrier-reservations.service';
import { ChainMembershipService } from '../chains/chain-membership.service';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { Lead } from '../leads/lead.entity';
import { KeyProjectLevel, LeadStage, LeadStatus, LostReason, STAGE_ORDER } from '../leads/lead.enums';
import { ConfirmationsService } from '../confirmations/confirmations.service';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { TransitionDto } from './dto/transition.dto';
import { decideTransition, GATE_INPUT_FIELDS, missingGateFields, TransitionKind } from './lead-stage.machine';
import { LeadTransition } from './lead-transition.entity';
import { PIPELINE } from './pipeline.model';

/** The one way a lead's stage or status changes: decide, check the gate, then write lead, transition and audit in one transaction. */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly leadsRepository: LeadsRepository,
    private readonly assessments: AssessmentsService,
    private readonly reminders: ReminderScheduler,
    private readonly reservations: CarrierReservationsService,
    private readonly confirmations: ConfirmationsService,
    private readonly chainMembership: ChainMembershipService,
  ) {}

  async transition(user: AuthUser, leadId: string, dto: TransitionDto): Promise<LeadDetailDto> {
    await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      if (lead.version !== dto.version) throw AppError.staleVersion(dto.version, lead.version);
      const decision = decideTransition({ stage: lead.stage, status: lead.status, to: dto.to, roles: user.roles, note: dto.note });
      if ('refused' in decision) {
        if (decision.refused === 'forbidden') throw AppError.forbidden(decision.message);
        if (decision.refused === 'note_required') throw new AppError(ErrorCode.StageGateUnmet, decision.message, { missing: ['note'] });
        throw new AppError(ErrorCode.TransitionNotAllowed, decision.message, {
          from: { stage: lead.stage, status: lead.status },
          to: dto.to,
        });
      }
      const changes = await this.changesFor(decision.kind, decision.toStage, lead, dto, manager);
      changes.stage = decision.toStage;
      changes.status = decision.toStatus;
      if (decision.toStage !== lead.stage) changes.stageEnteredAt = new Date();
      await this.record(manager, lead, user.id, decision.kind, changes, dto.note ?? null);
      if (decision.kind === 'back') await this.confirmations.voidOnMoveBack(manager, lead.id, decision.toStage, user.id, dto.note ?? null);
      await this.reminders.syncFollowUp(manager, {
        id: lead.id,
        nextFollowUpAt: changes.nextFollowUpAt !== undefined ? changes.nextFollowUpAt : lead.nextFollowUpAt,
        status: decision.toStatus,
      });
      // a lost project lets its reserved carriers go, in the same transaction
      if (decision.kind === 'lose') await this.reservations.onLeadLost(manager, lead.id, user.id);
      // a project in 运营投产 is a local enterprise (DESIGN §10), joined once in the same transaction
      if (decision.toStage === LeadStage.Operating && decision.toStatus !== LeadStatus.Lost)
        await this.chainMembership.joinOnOperating(manager, lead);
    });
    return this.leads.get(user, leadId);
  }

  /** Writes the lead's new state, the transition row and the audit event; used by the API. */
  async record(
    manager: EntityManager,
    lead: Lead,
    actorId: string | null,
    kind: TransitionKind,
    changes: Partial<Lead>,
    note: string | null,
  ): Promise<void> {
    if (!(await this.leadsRepository.updateVersioned(lead.id, lead.version, changes, manager)))
      throw AppError.staleVersion(lead.version, lead.version + 1);
    await this.insertTransitions(manager, [transitionRow(lead.id, lead, actorId, kind, changes, note)]);
  }

  /**
   * The `imported` transitions and their audit events of leads an import inserted already at their stage and status
   * (`changes`: what the move wrote, as record takes it), all in two statements: the rows record would write for each.
   */
  async recordImported(
    manager: EntityManager,
    actorId: string,
    moves: ReadonlyArray<{ leadId: string; changes: Partial<Lead>; note: string }>,
  ): Promise<void> {
    await this.insertTransitions(
      manager,
      moves.map(({ leadId, changes, note }) => transitionRow(leadId, null, actorId, 'imported', changes, note)),
    );
  }

  private async insertTransitions(manager: EntityManager, rows: TransitionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await bulkInsert(manager, LeadTransition, rows);
    await this.leadsRepository.appendEvents(
      rows.map(({ leadId, daysInFromStage: _days, ...eventData }) => ({
        leadId,
        kind: 'transition',
        actorId: eventData.actorId,
        data: eventData,
      })),
      manager,
    );
  }

  private async changesFor(
    kind: TransitionKind,
    toStage: LeadStage,
    lead: Lead,
    dto: TransitionDto,
    manager: EntityManager,
  ): Promise<Partial<Lead>> {
    const changes: Partial<Lead> = {};
    if (kind === 'forward') {
      for (const field of GATE_INPUT_FIELDS) if (dto[field] !== undefined) (changes as Record<string, unknown>)[field] = dto[field];
      const merged = { ...lead, ...changes } as unknown as Record<string, unknown>;
      const keyProject = lead.keyProjectLevel !== KeyProjectLevel.None;
      const passed =
        keyProject && PIPELINE.needsAssessment(toStage)
          ? ((await this.assessments.latestForLead(lead.id, manager))?.passed ?? false)
          : false;
      const missing = missingGateFields(toStage, merged, keyProject, passed);
      if (missing.length) {
        throw new AppError(ErrorCode.StageGateUnmet, `进入「${toStage}」阶段还缺少: ${missing.join(', ')}`, { stage: toStage, missing });
      }
      this.assertDatesInOrder({ ...lead, ...changes });
      // 首引人 is confirmed (and locked) by the signing; leaders correct it afterwards with a reason
      if (toStage === LeadStage.Signed) changes.referrerConfirmedAt = new Date();
    } else if (kind === 'hold') {
      changes.statusNote = dto.note ?? null;
    } else if (kind === 'lose') {
      if (dto.lostReason === LostReason.ChoseOtherLocation && !dto.lostTo) {
        throw new AppError(ErrorCode.StageGateUnmet, 'Say where the project went (lostTo) when it chose another location', {
          missing: ['lostTo'],
        });
      }
      changes.lostReason = dto.lostReason ?? null;
      changes.lostTo = dto.lostTo ?? null;
      changes.statusNote = dto.note ?? null;
      changes.nextFollowUpAt = null;
    } else if (kind === 'resume' || kind === 'reopen') {
      changes.statusNote = null;
      changes.lostReason = null;
      changes.lostTo = null;
    } else if (kind === 'back') {
      changes.statusNote = dto.note ?? null;
      // back before 签约: the signing that confirmed the referrer is undone, so is its lock
      if (STAGE_ORDER.indexOf(toStage) < STAGE_ORDER.indexOf(LeadStage.Signed)) changes.referrerConfirmedAt = null;
    }
    return changes;
  }

  private assertDatesInOrder(lead: Partial<Lead>): void {
    const [first] = PIPELINE.datesOutOfOrder(lead);
    if (first) {
      const { earlier, later, earlierValue } = first;
      throw AppError.validation(`${later} must not be before ${earlier}`, [
        { field: later, errors: [`must be on or after ${earlier} (${earlierValue})`] },
      ]);
    }
  }
}

type TransitionRow = Pick<
  LeadTransition,
  'leadId' | 'kind' | 'fromStage' | 'toStage' | 'fromStatus' | 'toStatus' | 'actorId' | 'note' | 'gateData' | 'daysInFromStage'
>;

/** The transition row of a move from `from` (null: an import's first one, with no from-stage and no duration); its audit event carries the same facts. */
function transitionRow(
  leadId: string,
  from: Pick<Lead, 'stage' | 'status' | 'stageEnteredAt'> | null,
  actorId: string | null,
  kind: TransitionKind | 'imported',
  changes: Partial<Lead>,
  note: string | null,
): TransitionRow {
  const toStage = changes.stage ?? from?.stage;
  const toStatus = changes.status ?? from?.status;
  if (!toStage || !toStatus) throw new Error('a transition needs the stage and status it leads to');
  const gateData = Object.fromEntries(
    Object.entries(changes).filter(
      ([field]) => (GATE_INPUT_FIELDS as readonly string[]).includes(field) || field === 'lostReason' || field === 'lostTo',
    ),
  );
  return {
    leadId,
    kind,
    fromStage: from?.stage ?? null,
    toStage,
    fromStatus: from?.status ?? null,
    toStatus,
    actorId,
    note,
    gateData,
    daysInFromStage:
      from && changes.stage !== undefined && changes.stage !== from.stage
        ? Math.round(((Date.now() - new Date(from.stageEnteredAt).getTime()) / 86_400_000) * 100) / 100
        : null,
  };
}

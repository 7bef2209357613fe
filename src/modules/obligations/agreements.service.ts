import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '../../common/auth/auth-user';
import { AppError, ErrorCode as AppErrorCode } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { CarrierReservationsService } from '../carriers/carrier-reservations.service';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import { AgreementClause } from './agreement-clause.entity';
import { ClauseReminders } from './clause-reminders';
import { Agreement } from './agreement.entity';
import { CreateAgreementDto, UpdateAgreementDto } from './dto/agreement.dto';
import { CreateClauseDto, UpdateClauseDto } from './dto/clause.dto';
import { AgreementPageDto, AgreementResponseDto, ClauseResponseDto } from './dto/obligation-response.dto';
import { clauseKind, ClauseStatus } from './obligation.model';
import { assertSignedLead, changedFields, fieldError } from './obligations.errors';
import { ObligationsReader } from './obligations.reader';
import { ObligationsRepository } from './obligations.repository';

const AGREEMENT_FIELDS = [
  'number',
  'signedOn',
  'parties',
  'investment',
  'landAreaMu',
  'landUse',
  'landParcel',
  'landDeliveryDate',
  'landStartDate',
  'landPrice',
  'plannedFloorArea',
  'note',
] as const;
const CLAUSE_FIELDS = ['title', 'threshold', 'unit', 'dueDate', 'yearlyFrom', 'evidenceRequired', 'department', 'responsibleId'] as const;

/**
 * 投资协议 and their 履约条款 for signed leads: recorded by those who may see the lead, every change on the
 * lead's timeline with who, when and why; clause reminders kept in step in the same transaction.
 */
@Injectable()
export class AgreementsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly repo: ObligationsRepository,
    private readonly reader: ObligationsReader,
    private readonly users: UsersRepository,
    private readonly reminders: ClauseReminders,
    private readonly reservations: CarrierReservationsService,
  ) {}

  async list(user: AuthUser, leadId: string): Promise<AgreementPageDto> {
    const lead = await this.leads.findVisible(user, leadId);
    return this.reader.agreementsOf(lead);
  }

  async create(user: AuthUser, leadId: string, dto: CreateAgreementDto): Promise<AgreementResponseDto> {
    const agreement = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      assertSignedLead(lead);
      if (dto.kind === 'main' && (await this.repo.hasMainAgreement(leadId, manager)))
        throw new AppError(AppErrorCode.Conflict, '该项目已有投资协议；其后的协议请登记为补充协议 (kind: supplementary)', {
          kind: dto.kind,
        });
      // the agreement takes the carrier reserved for the lead (transferred or leased), and references it
      const carrier = await this.reservations.takeForAgreement(manager, leadId, user.id);
      const saved = await this.repo.insertAgreement(
        {
          leadId,
          kind: dto.kind,
          number: dto.number,
          signedOn: dto.signedOn,
          parties: dto.parties,
          investment: dto.investment ?? null,
          landAreaMu: dto.landAreaMu ?? null,
          landUse: dto.landUse ?? null,
          landParcel: dto.landParcel ?? carrier?.code ?? null,
          carrierId: carrier?.id ?? null,
          landDeliveryDate: dto.landDeliveryDate ?? null,
          landStartDate: dto.landStartDate ?? null,
          landPrice: dto.landPrice ?? null,
          plannedFloorArea: dto.plannedFloorArea ?? null,
          note: dto.note ?? null,
          createdBy: user.id,
          version: 1,
        },
        manager,
      );
      await this.events.appendEvent(
        { leadId, kind: 'agreement_created', actorId: user.id, data: { agreementId: saved.id, kind: saved.kind, number: saved.number } },
        manager,
      );
      return saved;
    });
    return this.agreementResponse(user, leadId, agreement.id);
  }

  async update(user: AuthUser, leadId: string, agreementId: string, dto: UpdateAgreementDto): Promise<AgreementResponseDto> {
    await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      const agreement = await this.repo.findAgreement(leadId, agreementId, manager, true);
      if (!agreement) throw AppError.notFound('Agreement', agreementId);
      if (agreement.version !== dto.version) throw AppError.staleVersion(dto.version, agreement.version);
      const { changes, diff } = changedFields<Agreement, (typeof AGREEMENT_FIELDS)[number]>(agreement, dto, AGREEMENT_FIELDS);
      if (diff.length === 0) return;
      if (!(await this.repo.updateAgreementVersioned(agreement.id, dto.version, changes, manager)))
        throw AppError.staleVersion(dto.version, agreement.version + 1);
      await this.events.appendEvent(
        {
          leadId,
          kind: 'agreement_updated',
          actorId: user.id,
          data: { agreementId, number: changes.number ?? agreement.number, changes: diff },
        },
        manager,
      );
    });
    return this.agreementResponse(user, leadId, agreementId);
  }

  async createClause(user: AuthUser, leadId: string, agreementId: string, dto: CreateClauseDto): Promise<ClauseResponseDto> {
    const clause = await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager);
      const agreement = await this.repo.findAgreement(leadId, agreementId, manager);
      if (!agreement) throw AppError.notFound('Agreement', agreementId);
      assertSignedLead(lead);
      const fields = {
        party: dto.party,
        kind: dto.kind,
        threshold: dto.threshold ?? null,
        unit: dto.unit ?? null,
        dueDate: dto.dueDate ?? null,
        yearlyFrom: dto.yearlyFrom ?? null,
        responsibleId: dto.responsibleId ?? null,
      };
      await this.assertClauseValid(fields);
      const saved = await this.repo.insertClause(
        {
          ...fields,
          agreementId,
          leadId,
          title: dto.title,
          evidenceRequired: dto.evidenceRequired ?? null,
          department: dto.department ?? null,
          status: ClauseStatus.Pending,
          statusReason: null,
          statusChangedAt: null,
          statusChangedBy: null,
          createdBy: user.id,
          version: 1,
        },
        manager,
      );
      await this.events.appendEvent(
        {
          leadId,
          kind: 'clause_created',
          actorId: user.id,
          data: { agreementId, clauseId: saved.id, party: saved.party, kind: saved.kind, title: saved.title, dueDate: saved.dueDate },
        },
        manager,
      );
      await this.reminders.sync(manager, lead);
      return saved;
    });
    return this.clauseResponse(user, leadId, clause.id);
  }

  async updateClause(
    user: AuthUser,
    leadId: string,
    agreementId: string,
    clauseId: string,
    dto: UpdateClauseDto,
  ): Promise<ClauseResponseDto> {
    await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager);
      const clause = await this.repo.findClause(leadId, agreementId, clauseId, manager, true);
      if (!clause) throw AppError.notFound('Clause', clauseId);
      const moves = dto.status !== undefined && dto.status !== clause.status;
      // 豁免 and taking a waiver back are the leaders' decisions
      if (moves && (dto.status === ClauseStatus.Waived || clause.status === ClauseStatus.Waived) && !hasRole(user, Role.Leader))
        throw AppError.forbidden('只有领导可以豁免条款或撤销豁免 (only a leader may waive a clause)');
      if (clause.version !== dto.version) throw AppError.staleVersion(dto.version, clause.version);
      if (moves && !dto.reason) throw fieldError('reason', '变更履约状态需说明理由 (reason is required to change the status)');
      const { changes, diff } = changedFields<AgreementClause, (typeof CLAUSE_FIELDS)[number]>(clause, dto, CLAUSE_FIELDS);
      const after = { ...clause, ...changes };
      if (diff.length > 0) await this.assertClauseValid(after);
      if (moves) {
        changes.status = dto.status;
        changes.statusReason = dto.reason;
        changes.statusChangedAt = new Date();
        changes.statusChangedBy = user.id;
      }
      if (diff.length === 0 && !moves) return;
      if (!(await this.repo.updateClauseVersioned(clause.id, dto.version, changes, manager)))
        throw AppError.staleVersion(dto.version, clause.version + 1);
      await this.events.appendEvent(
        {
          leadId,
          kind: moves ? 'clause_status_changed' : 'clause_updated',
          actorId: user.id,
          data: {
            agreementId,
            clauseId,
            title: after.title,
            ...(moves ? { from: clause.status, to: dto.status, reason: dto.reason } : {}),
            changes: diff,
          },
        },
        manager,
      );
      await this.reminders.sync(manager, lead);
    });
    return this.clauseResponse(user, leadId, clauseId);
  }

  /**
   * A clause's kind decides its party (when the kind has one), its unit and whether it takes a threshold; it
   * is due by a date or checked yearly, not both; its responsible person is an active user. 400 otherwise.
   */
  private async assertClauseValid(
    clause: Pick<AgreementClause, 'party' | 'kind' | 'threshold' | 'unit' | 'dueDate' | 'yearlyFrom' | 'responsibleId'>,
  ) {
    const kind = clauseKind(clause.kind);
    if (kind.party && kind.party !== clause.party)
      throw fieldError('party', `「${kind.label}」是${kind.party === 'government' ? '政府' : '企业'}的义务 (party must be ${kind.party})`);
    if (clause.threshold !== null && clause.unit === null) throw fieldError('unit', '履约指标需注明单位 (a threshold needs its unit)');
    if (clause.unit !== null && kind.unit === null)
      throw fieldError('unit', `「${kind.label}」没有量化指标 (this kind takes no threshold)`);
    if (clause.unit !== null && clause.unit !== kind.unit)
      throw fieldError('unit', `「${kind.label}」的单位是 ${kind.unit} (unit must be ${kind.unit})`);
    if (kind.check.by === 'figure' && clause.threshold === null)
      throw fieldError('threshold', `「${kind.label}」需填写履约指标 (threshold is required)`);
    if ((clause.dueDate === null) === (clause.yearlyFrom === null))
      throw fieldError('dueDate', '请填写履约期限 (dueDate) 或按年考核起始年度 (yearlyFrom)，二者选一');
    if (clause.responsibleId) {
      const person = await this.users.findById(clause.responsibleId);
      if (!person?.active) throw fieldError('responsibleId', 'responsibleId does not name an active user');
    }
  }

  private async agreementResponse(user: AuthUser, leadId: string, agreementId: string): Promise<AgreementResponseDto> {
    const page = await this.list(user, leadId);
    const found = page.items.find((a) => a.id === agreementId);
    if (!found) throw AppError.notFound('Agreement', agreementId);
    return found;
  }

  private async clauseResponse(user: AuthUser, leadId: string, clauseId: string): Promise<ClauseResponseDto> {
    const page = await this.list(user, leadId);
    const found = page.items.flatMap((a) => a.clauses).find((c) => c.id === clauseId);
    if (!found) throw AppError.notFound('Clause', clauseId);
    return found;
  }
}

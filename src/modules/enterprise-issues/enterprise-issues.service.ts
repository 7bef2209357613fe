import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/cursor';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { UserRefDto } from '../leads/dto/lead-response.dto';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { UsersRepository } from '../users/users.repository';
import { CreateIssueDto } from './dto/create-issue.dto';
import { IssueResponseDto, IssueSummaryDto } from './dto/issue-response.dto';
import { UpdateIssueDto } from './dto/update-issue.dto';
import { EnterpriseIssue } from './enterprise-issue.entity';
import { ISSUE_STATUS_LABELS, IssueStatus } from './enterprise-issue.enums';
import { EnterpriseIssuesRepository, IssueChanges } from './enterprise-issues.repository';
import { canMoveIssue, ISSUE_TRANSITIONS, missingForIssueStatus } from './issue-status.machine';

/** Fields PATCH may change besides the status, which moves only as the status machine allows. */
const EDITABLE = ['title', 'category', 'description', 'department', 'dueAt', 'handlerId', 'resolution'] as const;

interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** 企业诉求 of a lead: recorded, chased by a handler and resolved, every change on the lead's audit trail. */
@Injectable()
export class EnterpriseIssuesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly leadEvents: LeadsRepository,
    private readonly issues: EnterpriseIssuesRepository,
    private readonly users: UsersRepository,
    private readonly reminders: ReminderScheduler,
  ) {}

  async create(user: AuthUser, leadId: string, dto: CreateIssueDto): Promise<IssueResponseDto> {
    const issue = await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      await this.assertActiveHandler(dto.handlerId);
      const saved = await this.issues.insert(
        {
          leadId,
          title: dto.title,
          category: dto.category,
          description: dto.description ?? null,
          department: dto.department ?? null,
          dueAt: new Date(dto.dueAt),
          handlerId: dto.handlerId,
          status: IssueStatus.Open,
          resolution: null,
          resolvedAt: null,
          createdBy: user.id,
          version: 1,
        },
        manager,
      );
      await this.leadEvents.appendEvent(
        {
          leadId,
          kind: 'issue_created',
          actorId: user.id,
          data: {
            issueId: saved.id,
            title: saved.title,
            category: saved.category,
            dueAt: saved.dueAt.toISOString(),
            handlerId: saved.handlerId,
          },
        },
        manager,
      );
      await this.reminders.syncIssue(manager, saved);
      return saved;
    });
    return this.toResponse(issue);
  }

  async update(user: AuthUser, leadId: string, issueId: string, dto: UpdateIssueDto): Promise<IssueResponseDto> {
    await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager);
      const issue = await this.issues.findForLead(leadId, issueId, manager, true);
      if (!issue) throw AppError.notFound('Issue', issueId);
      if (issue.version !== dto.version) throw AppError.staleVersion(dto.version, issue.version);
      const { changes, diff } = this.fieldChanges(issue, dto);
      if (changes.handlerId) await this.assertActiveHandler(changes.handlerId);
      if (dto.status !== undefined && dto.status !== issue.status) {
        this.assertMove(issue.status, dto.status, changes.resolution ?? issue.resolution);
        changes.status = dto.status;
        if (dto.status === IssueStatus.Resolved) changes.resolvedAt = new Date();
        diff.push({ field: 'status', from: issue.status, to: dto.status });
      }
      if (diff.length === 0) return;
      if (!(await this.issues.updateVersioned(issue.id, dto.version, changes, manager)))
        throw AppError.staleVersion(dto.version, issue.version + 1);
      await this.leadEvents.appendEvent(
        {
          leadId,
          kind: 'issue_updated',
          actorId: user.id,
          data: { issueId: issue.id, title: changes.title ?? issue.title, changes: diff },
        },
        manager,
      );
      await this.reminders.syncIssue(manager, { ...issue, ...changes });
    });
    const updated = await this.issues.findForLead(leadId, issueId);
    if (!updated) throw AppError.notFound('Issue', issueId);
    return this.toResponse(updated);
  }

  async list(user: AuthUser, leadId: string): Promise<Page<IssueResponseDto>> {
    await this.leads.findVisible(user, leadId);
    const issues = await this.issues.listForLead(leadId);
    const handlers = await this.handlerRefs(issues.map((issue) => issue.handlerId));
    const now = new Date();
    return { items: issues.map((issue) => IssueResponseDto.from(issue, handlers.get(issue.handlerId) ?? null, now)), nextCursor: null };
  }

  /** Unresolved and overdue counts of a lead, for the lead page; no access check — the caller has resolved the lead. */
  openSummaryForLead(leadId: string, manager?: EntityManager): Promise<IssueSummaryDto> {
    return this.issues.countUnresolved(leadId, new Date(), manager);
  }

  private fieldChanges(issue: EnterpriseIssue, dto: UpdateIssueDto): { changes: IssueChanges; diff: FieldChange[] } {
    const changes: IssueChanges = {};
    const diff: FieldChange[] = [];
    for (const field of EDITABLE) {
      const value = dto[field];
      if (value === undefined) continue;
      if (field === 'dueAt') {
        const dueAt = new Date(value as string);
        if (dueAt.getTime() === issue.dueAt.getTime()) continue;
        changes.dueAt = dueAt;
        diff.push({ field, from: issue.dueAt.toISOString(), to: dueAt.toISOString() });
        continue;
      }
      if (issue[field] === value) continue;
      (changes as Record<string, unknown>)[field] = value;
      diff.push({ field, from: issue[field], to: value });
    }
    return { changes, diff };
  }

  private assertMove(from: IssueStatus, to: IssueStatus, resolution: string | null): void {
    if (!canMoveIssue(from, to)) {
      throw new AppError(
        ErrorCode.TransitionNotAllowed,
        `诉求状态不能从「${ISSUE_STATUS_LABELS[from]}」改为「${ISSUE_STATUS_LABELS[to]}」`,
        {
          from,
          to,
          allowed: ISSUE_TRANSITIONS[from],
        },
      );
    }
    const missing = missingForIssueStatus(to, { resolution });
    if (missing.length)
      throw new AppError(ErrorCode.UnprocessableEntity, '办结诉求需填写处理结果 (resolution is required to resolve)', { missing });
  }

  private async assertActiveHandler(handlerId: string): Promise<void> {
    const handler = await this.users.findById(handlerId);
    if (!handler || !handler.active) {
      throw AppError.validation('handlerId does not name an active user', [{ field: 'handlerId', errors: ['no such active user'] }]);
    }
  }

  private async handlerRefs(ids: string[]): Promise<Map<string, UserRefDto>> {
    const people = await this.users.findByIds([...new Set(ids)]);
    return new Map(people.map((person) => [person.id, { id: person.id, displayName: person.displayName }]));
  }

  private async toResponse(issue: EnterpriseIssue): Promise<IssueResponseDto> {
    const handlers = await this.handlerRefs([issue.handlerId]);
    return IssueResponseDto.from(issue, handlers.get(issue.handlerId) ?? null, new Date());
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { ReadSource } from '../../database/read-source';
import { zonedParts } from '../../common/time/zoned';
import { CatalogService } from '../catalog/catalog.service';
import { SEGMENT_LABELS } from '../chains/chain.model';
import { TeamsRepository } from '../teams/teams.repository';
import { UsersRepository } from '../users/users.repository';
import { ReminderScheduler } from '../reminders/reminder-scheduler';
import { CreateLeadDto } from './dto/create-lead.dto';
import { writableFields } from './dto/lead-fields';
import { DeletedLeadPageDto } from './dto/deleted-lead.dto';
import { LeadDetailDto, LeadPageDto, LeadResponseDto } from './dto/lead-response.dto';
import { LeadFilterQuery, ListLeadsQuery } from './dto/list-leads.query';
import { UpdateLeadDto } from './dto/update-lead.dto';
import { normalizeCreditCode } from './credit-code';
import { assertMayPlaceLead, canSeeLead, LeadPlacement } from './lead-access';
import { leadFieldChanges } from './lead-changes';
import { doubleSigningFor } from './double-signing';
import { REFERRER_KEYS, referrerAfter, referrerLocked, resolveReferrer } from './lead-referrer';
import { CorrectReferrerDto } from './dto/correct-referrer.dto';
import { LeadQueryBuilder } from './lead-query.builder';
import { Lead } from './lead.entity';
import { LeadStage, LeadStatus } from './lead.enums';
import { LeadsRepository } from './leads.repository';
import { isUniqueViolation } from '../../common/sql/pg-errors';
import { CREDIT_CODE_HOLDER_INDEX } from './credit-code-holder';

/** Fields PATCH may change (the model's `patch`); stage, status and the commissioner change only through their own endpoints. */
const EDITABLE = writableFields('patch');
/** Fields a PATCH may not clear with null. */
const REQUIRED = EDITABLE.filter((field) => !field.nullable).map((field) => field.key);
/** Create fields stored as sent (or their default); the credit code, people and the follow-up are placed by hand below. */
const PLACED_BY_HAND = new Set(['creditCode', 'ownerId', 'teamId', 'nextFollowUpAt']);
const STORED_AS_SENT = writableFields('create').filter((field) => !PLACED_BY_HAND.has(field.key));

@Injectable()
export class LeadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsRepository,
    private readonly reads: ReadSource,
    private readonly queries: LeadQueryBuilder,
    private readonly catalog: CatalogService,
    private readonly users: UsersRepository,
    private readonly teams: TeamsRepository,
    private readonly reminders: ReminderScheduler,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `within` runs in the creating transaction once the lead is inserted (a chain target marked converted); its refusal
   * creates nothing. `preset` holds fields the server sets and no client sends (a 增资 lead's enterprise and kind).
   */
  async create(
    user: AuthUser,
    dto: CreateLeadDto,
    within?: (manager: EntityManager, leadId: string) => Promise<void>,
    preset: Partial<Lead> = {},
  ): Promise<LeadDetailDto> {
    const creditCode = dto.creditCode ? normalizeCreditCode(dto.creditCode) : null;
    await this.assertReferences({ industryCode: dto.industryCode, zoneCode: dto.zoneCode, teamId: dto.teamId });
    const ownerId = dto.ownerId ?? user.id;
    const owner = ownerId === user.id ? { teamId: user.teamId } : await this.activeUser(ownerId, 'ownerId');
    const teamId = dto.teamId !== undefined ? dto.teamId : owner.teamId;
    assertMayPlaceLead(user, { teamId, owner: { id: ownerId, teamId: owner.teamId } });
    const referrer = await resolveReferrer(referrerAfter({}, dto as unknown as Record<string, unknown>), this.activeUserName);
    const id = await this.withCreditCodeGuard(user, creditCode, async (manager) => {
      const year = zonedParts(new Date(), this.config.timezone).year;
      const number = await this.leads.nextCodeNumber(year, manager);
      const code = `ZS-${year}-${String(number).padStart(4, '0')}`;
      const sent = dto as unknown as Record<string, unknown>;
      const leadId = await this.leads.insert(
        {
          ...Object.fromEntries(STORED_AS_SENT.map((field) => [field.key, sent[field.key] ?? field.default ?? null])),
          ...referrer,
          code,
          creditCode,
          ownerId,
          teamId,
          stage: LeadStage.Lead,
          status: LeadStatus.Active,
          nextFollowUpAt: dto.nextFollowUpAt ? new Date(dto.nextFollowUpAt) : null,
          createdBy: user.id,
          version: 1,
          ...preset,
        },
        manager,
      );
      await this.leads.appendEvent({ leadId, kind: 'created', actorId: user.id, data: { code } }, manager);
      await this.reminders.syncFollowUp(manager, {
        id: leadId,
        nextFollowUpAt: dto.nextFollowUpAt ? new Date(dto.nextFollowUpAt) : null,
        status: LeadStatus.Active,
      });
      if (within) await within(manager, leadId);
      return leadId;
    });
    return this.get(user, id);
  }

  async list(user: AuthUser, query: ListLeadsQuery): Promise<LeadPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const sort = query.sort ?? '-createdAt';
    const { where, params, walk, branches } = await this.queries.page(user, query, sort, limit + 1);
    const keyset = this.queries.keyset(sort, query.cursor, params);
    if (keyset.condition) where.push(keyset.condition);
    const rows = await this.reads.read(user, (manager) =>
      this.leads.list(
        { where, params, orderBy: keyset.orderBy, limit: limit + 1, walk, branches, pageOrderBy: keyset.pageOrderBy },
        keyset.sortExpression,
        manager,
      ),
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    return {
      items: page.map(({ lead }) =>
        LeadResponseDto.from(lead, {
          industry: industries.get(lead.industryCode),
          zone: lead.zoneCode ? zones.get(lead.zoneCode) : undefined,
        }),
      ),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.lead.id]) : null,
    };
  }

  /**
   * How many leads the list's filters match: one count(*) over the same conditions, asked once per filter
   * set rather than per page, so pages stay keyset-fast (README, Lead list: cost of the total).
   */
  async count(user: AuthUser, query: LeadFilterQuery): Promise<{ total: number }> {
    const { where, params } = await this.queries.where(user, query);
    return { total: await this.reads.read(user, (manager) => this.leads.count(where, params, manager)) };
  }

  async get(user: AuthUser, id: string): Promise<LeadDetailDto> {
    const lead = await this.findVisible(user, id);
    return this.toDetail(user, lead);
  }

  async update(user: AuthUser, id: string, dto: UpdateLeadDto): Promise<LeadDetailDto> {
    await this.withCreditCodeGuard(user, dto.creditCode ? normalizeCreditCode(dto.creditCode) : null, async (manager) => {
      const lead = await this.findVisible(user, id, manager, true);
      if (lead.version !== dto.version) throw AppError.staleVersion(dto.version, lead.version);
      this.assertRequiredNotCleared(dto);
      await this.assertReferences({ industryCode: dto.industryCode, zoneCode: dto.zoneCode, teamId: dto.teamId });
      const placement: LeadPlacement = {};
      if (dto.teamId !== undefined && dto.teamId !== lead.teamId) placement.teamId = dto.teamId;
      if (dto.ownerId && dto.ownerId !== lead.ownerId)
        placement.owner = { id: dto.ownerId, teamId: (await this.activeUser(dto.ownerId, 'ownerId')).teamId };
      assertMayPlaceLead(user, placement);
      const sent = { ...(dto as unknown as Record<string, unknown>) };
      if (typeof sent.creditCode === 'string') sent.creditCode = normalizeCreditCode(sent.creditCode);
      const touched = leadFieldChanges(lead, sent, EDITABLE).diff.map((change) => change.field);
      const referrerTouched = touched.filter((field) => REFERRER_KEYS.includes(field));
      if (referrerTouched.length) {
        if (lead.referrerConfirmedAt) throw referrerLocked(referrerTouched);
        Object.assign(sent, await resolveReferrer(referrerAfter(lead, sent), this.activeUserName));
      }
      const { changes, diff } = leadFieldChanges(lead, sent, EDITABLE);
      if (diff.length === 0) return;
      if (!(await this.leads.updateVersioned(id, dto.version, changes, manager)))
        throw AppError.staleVersion(dto.version, lead.version + 1);
      await this.leads.appendEvent({ leadId: id, kind: 'field_changed', actorId: user.id, data: { changes: diff } }, manager);
    });
    return this.get(user, id);
  }

  /**
   * 更正首引人: a leader (or admin) changes the referrer the signing confirmed, with a reason the timeline keeps;
   * the referrer stays confirmed (its confirmation time is kept).
   */
  async correctReferrer(user: AuthUser, id: string, dto: CorrectReferrerDto): Promise<LeadDetailDto> {
    await this.unitOfWork.run(async (manager) => {
      const lead = await this.findVisible(user, id, manager, true);
      if (lead.version !== dto.version) throw AppError.staleVersion(dto.version, lead.version);
      const referrer = await resolveReferrer(
        {
          referrerKind: dto.referrerKind,
          referrerUserId: dto.referrerUserId ?? null,
          referrerName: dto.referrerName ?? null,
          referrerContact: dto.referrerContact ?? null,
        },
        this.activeUserName,
      );
      const { changes, diff } = leadFieldChanges(lead, { ...referrer }, EDITABLE);
      if (diff.length === 0) return;
      if (!(await this.leads.updateVersioned(id, dto.version, changes, manager)))
        throw AppError.staleVersion(dto.version, lead.version + 1);
      await this.leads.appendEvent(
        { leadId: id, kind: 'referrer_corrected', actorId: user.id, data: { changes: diff, reason: dto.reason } },
        manager,
      );
    });
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: string, version: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const lead = await this.findVisible(user, id, manager, true);
      if (lead.version !== version) throw AppError.staleVersion(version, lead.version);
      await this.leads.updateVersioned(id, version, { deletedAt: new Date(), deletedBy: user.id }, manager);
      await this.leads.appendEvent({ leadId: id, kind: 'deleted', actorId: user.id, data: {} }, manager);
      await this.reminders.cancelForLead(manager, id);
    });
  }

  /** 已删除项目: the newest 500 soft-deleted leads with who deleted them (leaders and admins, who see every lead). */
  async listDeleted(): Promise<DeletedLeadPageDto> {
    const leads = await this.leads.listDeleted(500);
    const deleters = await this.users.findByIds([...new Set(leads.flatMap((lead) => (lead.deletedBy ? [lead.deletedBy] : [])))]);
    const [industries, zones] = await Promise.all([this.catalog.industryNames(), this.catalog.zoneNames()]);
    return {
      items: leads.map((lead) => {
        const deleter = deleters.find((user) => user.id === lead.deletedBy);
        return {
          ...LeadResponseDto.from(lead, {
            industry: industries.get(lead.industryCode),
            zone: lead.zoneCode ? zones.get(lead.zoneCode) : undefined,
          }),
          deletedAt: lead.deletedAt as Date,
          deletedBy: deleter ? { id: deleter.id, displayName: deleter.displayName } : null,
        };
      }),
      nextCursor: null,
    };
  }

  /**
   * 恢复: a soft-deleted lead comes back as it was, with its pending follow-up reminder; the timeline
   * records who restored it. A credit code that a live lead took meanwhile is the create's 409.
   */
  async restore(user: AuthUser, id: string, version: number): Promise<LeadDetailDto> {
    const deleted = await this.leads.findDeleted(id);
    if (!deleted) throw AppError.notFound('Deleted lead', id);
    await this.withCreditCodeGuard(user, deleted.creditCode, async (manager) => {
      const lead = await this.leads.findDeleted(id, manager, true);
      if (!lead) throw AppError.notFound('Deleted lead', id);
      if (lead.version !== version) throw AppError.staleVersion(version, lead.version);
      await this.leads.undelete(id, version, manager);
      await this.leads.appendEvent({ leadId: id, kind: 'restored', actorId: user.id, data: {} }, manager);
      // the deletion cancelled every pending reminder: the follow-up's and the open issues' come back
      await this.reminders.syncFollowUp(manager, { id, nextFollowUpAt: lead.nextFollowUpAt, status: lead.status });
      for (const issue of await this.leads.openIssues(id, manager)) await this.reminders.syncIssue(manager, issue);
    });
    return this.get(user, id);
  }

  /** The lead if the caller may see it; 404 for missing and for not-yours alike (README, Roles). */
  async findVisible(user: AuthUser, id: string, manager?: EntityManager, forUpdate = false): Promise<Lead> {
    const lead = await this.leads.findLive(id, manager, forUpdate);
    if (!lead || !canSeeLead(user, lead)) throw AppError.notFound('Lead', id);
    return lead;
  }

  async toDetail(user: AuthUser, lead: Lead): Promise<LeadDetailDto> {
    const ids = [lead.ownerId, lead.commissionerId].filter((v): v is string => v !== null);
    const [people, team, industry, zone, extras, doubleSigned, chainNode] = await Promise.all([
      this.users.findByIds(ids),
      lead.teamId ? this.teams.findById(lead.teamId) : null,
      this.catalog.industryName(lead.industryCode),
      lead.zoneCode ? this.catalog.zoneName(lead.zoneCode) : undefined,
      this.leads.detailExtras(lead.id),
      this.leads.doubleSigned([lead.id]),
      lead.chainNodeId ? this.leads.chainNodeRef(lead.chainNodeId) : null,
    ]);
    const ref = (userId: string | null) => {
      const person = people.find((p) => p.id === userId);
      return person ? { id: person.id, displayName: person.displayName } : null;
    };
    return {
      ...LeadResponseDto.from(lead, { industry, zone }),
      owner: ref(lead.ownerId),
      commissioner: ref(lead.commissionerId),
      team: team ? { id: team.id, name: team.name } : null,
      latestAssessment: extras.latestAssessment,
      issues: extras.issues,
      doubleSigning: doubleSigningFor(user, doubleSigned),
      chainNode: chainNode && { ...chainNode, segmentLabel: SEGMENT_LABELS[chainNode.segment] },
    };
  }

  private assertRequiredNotCleared(dto: UpdateLeadDto): void {
    const cleared = REQUIRED.filter((field) => (dto as unknown as Record<string, unknown>)[field] === null);
    if (cleared.length)
      throw AppError.validation(
        'Required fields cannot be cleared',
        cleared.map((field) => ({ field, errors: [`${field} is required`] })),
      );
  }

  private async assertReferences(refs: { industryCode?: string | null; zoneCode?: string | null; teamId?: string | null }): Promise<void> {
    const errors = [];
    if (refs.industryCode && !(await this.catalog.industryName(refs.industryCode)))
      errors.push({ field: 'industryCode', errors: ['not a code of the industry catalog (GET /industries)'] });
    if (refs.zoneCode && !(await this.catalog.zoneName(refs.zoneCode)))
      errors.push({ field: 'zoneCode', errors: ['not a zone or park code (GET /zones)'] });
    if (refs.teamId && !(await this.teams.findById(refs.teamId))) errors.push({ field: 'teamId', errors: ['no such team'] });
    if (errors.length) throw AppError.validation(`Unknown reference: ${errors.map((e) => e.field).join(', ')}`, errors);
  }

  private readonly activeUserName = async (id: string): Promise<string | null> => {
    const found = await this.users.findById(id);
    return found?.active ? found.displayName : null;
  };

  private async activeUser(id: string, field: string): Promise<{ teamId: string | null }> {
    const found = await this.users.findById(id);
    if (!found || !found.active)
      throw AppError.validation(`${field} does not name an active user`, [{ field, errors: ['no such active user'] }]);
    return found;
  }

  /**
   * Runs the write in a transaction; a credit code already held by a live lead is a 409, naming that lead
   * only to a caller who may see it (another team's lead id and code are not the caller's to learn).
   */
  private async withCreditCodeGuard<T>(
    user: AuthUser,
    creditCode: string | null,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.unitOfWork.run(work);
    } catch (error) {
      if (!isUniqueViolation(error, CREDIT_CODE_HOLDER_INDEX) || !creditCode) throw error;
      const existing = await this.leads.findLiveByCreditCode(creditCode);
      if (existing && canSeeLead(user, existing)) {
        throw new AppError(
          ErrorCode.DuplicateCreditCode,
          `统一社会信用代码 ${creditCode} 已被项目 ${existing.code} 使用 (credit code already used by a live lead)`,
          {
            field: 'creditCode',
            existingLeadId: existing.id,
            existingLeadCode: existing.code,
          },
        );
      }
      throw new AppError(ErrorCode.DuplicateCreditCode, `统一社会信用代码 ${creditCode} 已登记 (credit code already registered)`, {
        field: 'creditCode',
      });
    }
  }
}

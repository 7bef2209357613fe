import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, FieldError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { CatalogService } from '../catalog/catalog.service';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { UsersRepository } from '../users/users.repository';
import { LeadRequirementsDto, PutLeadRequirementsDto } from './dto/lead-requirements.dto';
import { LeadRequirements } from './lead-requirements.entity';
import { LeadRequirementValues, NUMERIC_REQUIREMENTS, requiredKinds } from './lead-requirements.model';

/** The fields of a requirement set, in the order the form shows them (the numeric ones from the model). */
const FIELDS = [
  'kinds',
  'parkCodes',
  'landUse',
  'environmentalCategory',
  'budget',
  'note',
  ...NUMERIC_REQUIREMENTS.map((r) => r.key),
] as const;

const EMPTY: LeadRequirementValues = {
  kinds: [],
  parkCodes: [],
  landUse: null,
  environmentalCategory: null,
  budget: null,
  note: null,
  ...(Object.fromEntries(NUMERIC_REQUIREMENTS.map((r) => [r.key, null])) as Pick<
    LeadRequirementValues,
    (typeof NUMERIC_REQUIREMENTS)[number]['key']
  >),
};

/** The values of a stored row (or none: no requirement). */
export function requirementValues(row: LeadRequirements | null): LeadRequirementValues {
  if (!row) return { ...EMPTY };
  return Object.fromEntries(FIELDS.map((f) => [f, row[f]])) as unknown as LeadRequirementValues;
}

/** 项目载体需求: read and written by whoever may see (and so edit) the lead; every change on the lead's timeline. */
@Injectable()
export class LeadRequirementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly events: LeadsRepository,
    private readonly users: UsersRepository,
    private readonly catalog: CatalogService,
  ) {}

  async get(user: AuthUser, leadId: string): Promise<LeadRequirementsDto> {
    await this.leads.findVisible(user, leadId);
    return this.toDto(leadId, await this.find(leadId));
  }

  /** The requirements of a lead the caller may see (the matching reads them). */
  async valuesFor(user: AuthUser, leadId: string): Promise<{ values: LeadRequirementValues; given: boolean }> {
    await this.leads.findVisible(user, leadId);
    const row = await this.find(leadId);
    return { values: requirementValues(row), given: row !== null };
  }

  async put(user: AuthUser, leadId: string, dto: PutLeadRequirementsDto): Promise<LeadRequirementsDto> {
    await this.assertValid(dto);
    await this.unitOfWork.run(async (manager) => {
      await this.leads.findVisible(user, leadId, manager, true);
      const current = await this.find(leadId, manager);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== dto.version) throw AppError.staleVersion(dto.version, currentVersion);
      const sent = dto as unknown as Record<string, unknown>;
      const next = Object.fromEntries(
        FIELDS.map((f) => [f, sent[f] ?? (f === 'kinds' || f === 'parkCodes' ? [] : null)]),
      ) as unknown as LeadRequirementValues;
      const before = requirementValues(current) as unknown as Record<string, unknown>;
      const changes = FIELDS.filter(
        (f) => JSON.stringify(before[f]) !== JSON.stringify((next as unknown as Record<string, unknown>)[f]),
      ).map((f) => ({ field: f, from: before[f], to: (next as unknown as Record<string, unknown>)[f] }));
      if (current && changes.length === 0) return;
      await manager.getRepository(LeadRequirements).save({
        ...next,
        leadId,
        matchKinds: requiredKinds(next),
        version: currentVersion + 1,
        updatedBy: user.id,
      });
      await this.events.appendEvent({ leadId, kind: 'requirements_changed', actorId: user.id, data: { changes } }, manager);
    });
    return this.get(user, leadId);
  }

  private find(leadId: string, manager?: EntityManager): Promise<LeadRequirements | null> {
    return (manager ?? this.dataSource.manager).getRepository(LeadRequirements).findOneBy({ leadId });
  }

  /** Ranges in order, parks of the zone tree: 400 naming the fields otherwise. */
  private async assertValid(dto: PutLeadRequirementsDto): Promise<void> {
    const errors: FieldError[] = [];
    for (const low of NUMERIC_REQUIREMENTS.filter((r) => r.bound === 'rangeMin')) {
      const high = NUMERIC_REQUIREMENTS.find((r) => r.bound === 'rangeMax' && r.attribute.key === low.attribute.key);
      const min = dto[low.key];
      const max = high ? dto[high.key] : undefined;
      if (high && typeof min === 'number' && typeof max === 'number' && min > max)
        errors.push({ field: high.key, errors: [`must not be below ${low.key} (${min} ${low.attribute.unit ?? ''})`] });
    }
    const zones = await this.catalog.zoneNames();
    const unknown = (dto.parkCodes ?? []).filter((code) => !zones.has(code));
    if (unknown.length) errors.push({ field: 'parkCodes', errors: [`not zone or park codes (GET /zones): ${unknown.join(', ')}`] });
    if (errors.length) throw AppError.validation(`Invalid requirements: ${errors.map((e) => e.field).join(', ')}`, errors);
  }

  private async toDto(leadId: string, row: LeadRequirements | null): Promise<LeadRequirementsDto> {
    const values = requirementValues(row);
    const updater = row?.updatedBy ? await this.users.findById(row.updatedBy) : null;
    return {
      leadId,
      ...values,
      matchKinds: row?.matchKinds ?? requiredKinds(values),
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: updater ? { id: updater.id, displayName: updater.displayName } : null,
    };
  }
}

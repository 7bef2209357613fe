import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChainNodeRefDto } from '../../chains/dto/chain-response.dto';
import { KeyProjectLevel, LeadSource, LeadStage, LeadStatus, LostReason } from '../lead.enums';
import { LEAD_FIELDS } from '../lead.model';
import { apiDescription, apiType } from './lead-fields';
import { Lead, LeadContact } from '../lead.entity';

export class UserRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
}

export class TeamRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** The latest 事前评估 of a lead, as its detail shows it. */
export class LatestAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'out of 100' }) total: number;
  @ApiProperty() passed: boolean;
  @ApiProperty({ example: '建议引进' }) recommendation: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class LeadIssueCountsDto {
  @ApiProperty({ type: 'integer', description: 'unresolved 企业诉求' }) open: number;
  @ApiProperty({ type: 'integer', description: 'unresolved and past their due time' }) overdue: number;
}

/** A lead as the API answers it: the model's listed fields (lead.model.ts), their labels, and derived figures. */
export class LeadResponseDto {
  // the model's listed fields: their OpenAPI entries are declared from it below; the types are for the code that reads them by name
  declare id: string;
  declare code: string;
  declare name: string;
  declare codeName: string | null;
  declare companyName: string;
  declare creditCode: string | null;
  declare industryCode: string;
  declare source: LeadSource;
  declare sourceLabel: string;
  declare sourceCity: string | null;
  declare plannedInvestment: number | null;
  declare contractInvestment: number | null;
  declare actualInvestment: number | null;
  declare signedAt: string | null;
  declare agreedStartDate: string | null;
  declare agreedOperatingDate: string | null;
  declare constructionStartedAt: string | null;
  declare operatingAt: string | null;
  declare expectedAnnualOutput: number | null;
  declare expectedAnnualTax: number | null;
  declare expectedJobs: number | null;
  declare landAreaMu: number | null;
  declare zoneCode: string | null;
  declare keyProjectLevel: KeyProjectLevel;
  declare keyProjectLabel: string;
  declare contacts: LeadContact[];
  declare teamId: string | null;
  declare ownerId: string;
  declare commissionerId: string | null;
  declare stage: LeadStage;
  declare stageLabel: string;
  declare status: LeadStatus;
  declare statusLabel: string;
  declare lostReason: LostReason | null;
  declare lostTo: string | null;
  declare statusNote: string | null;
  declare stageEnteredAt: Date;
  declare nextFollowUpAt: Date | null;
  declare lastFollowUpAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;

  @ApiPropertyOptional({ description: 'the industry’s name (产业名称)' }) industryName?: string;
  @ApiProperty({ type: Number, nullable: true, description: '投资强度 万元/亩 (contract investment, else planned, per 亩)' })
  investmentIntensity: number | null;
  @ApiPropertyOptional({ description: 'the zone’s or park’s name; left out without a zone' }) zoneName?: string;

  static from(lead: Lead, names?: { industry?: string; zone?: string }): LeadResponseDto {
    const stored = lead as unknown as Record<string, unknown>;
    const answer: Record<string, unknown> = {};
    for (const field of LISTED) {
      const value = stored[field.key];
      answer[field.key] = value;
      if (field.labelKey) answer[field.labelKey] = field.choices?.[value as string];
    }
    const investment = lead.contractInvestment ?? lead.plannedInvestment;
    answer.industryName = names?.industry;
    answer.zoneName = names?.zone;
    answer.investmentIntensity = investment !== null && lead.landAreaMu ? Math.round((investment / lead.landAreaMu) * 100) / 100 : null;
    return answer as unknown as LeadResponseDto;
  }
}

/** The fields of the model a lead answers with. */
export const LISTED = LEAD_FIELDS.filter((field) => field.listed);

for (const field of LISTED) {
  // an answer's type without the request's bounds
  const { minimum: _min, maximum: _max, minLength: _minLength, maxLength: _maxLength, ...type } = apiType(field);
  ApiProperty({
    description: apiDescription(field),
    ...(field.example ? { example: field.example } : {}),
    ...type,
    ...(field.nullable ? { nullable: true } : {}),
  })(LeadResponseDto.prototype, field.key);
  if (field.labelKey) ApiProperty({ type: String, description: `${field.label} (中文)` })(LeadResponseDto.prototype, field.labelKey);
}
ApiProperty({
  type: 'integer',
  minimum: 1,
  description:
    'Optimistic lock: send it back with PATCH, DELETE, restore and transitions (a stale one is 409 VERSION_CONFLICT). ' +
    'Every change of the lead increments it — an edit, a transition, a commissioner assignment, and a follow-up too ' +
    '(a follow-up sets lastFollowUpAt and nextFollowUpAt): re-read the lead after logging one.',
})(LeadResponseDto.prototype, 'version');

/** A lead as GET /leads/:id (and every write of a lead) answers it: the list's fields and the people, team, assessment and issues around it. */
export class OtherLeadRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ZS-2026-0007' }) code: string;
}

/** 重复签约: the same company (credit code, else folded company name) signed on another live lead. */
export class DoubleSigningDto {
  @ApiProperty({ description: 'another live, not lost lead at 签约 or beyond is the same company' }) flagged: boolean;
  @ApiProperty({ type: [OtherLeadRefDto], description: 'those other leads the caller may see' }) otherLeads: OtherLeadRefDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'those the caller may not see (only counted)' }) hiddenCount: number;
}

export class LeadDetailDto extends LeadResponseDto {
  @ApiProperty({ type: UserRefDto, nullable: true, description: '负责人' }) owner: UserRefDto | null;
  @ApiProperty({ type: UserRefDto, nullable: true, description: '护商专员' }) commissioner: UserRefDto | null;
  @ApiProperty({ type: TeamRefDto, nullable: true, description: '团队' }) team: TeamRefDto | null;
  @ApiProperty({ type: LatestAssessmentDto, nullable: true, description: 'the latest 事前评估' })
  latestAssessment: LatestAssessmentDto | null;
  @ApiProperty({ type: LeadIssueCountsDto, description: 'open and overdue 企业诉求' }) issues: LeadIssueCountsDto;
  @ApiProperty({ type: DoubleSigningDto, description: '重复签约 flag' }) doubleSigning: DoubleSigningDto;
  @ApiProperty({
    type: ChainNodeRefDto,
    nullable: true,
    description: '产业链环节: the node of chainNodeId (GET /chains/:industryCode shows its chain); null without one',
  })
  chainNode: ChainNodeRefDto | null;
}

export class LeadPageDto {
  @ApiProperty({ type: [LeadResponseDto] }) items: LeadResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'the next page’s cursor; null on the last page' }) nextCursor: string | null;
}

export class LeadCountDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
}

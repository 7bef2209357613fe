import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KeyProjectLevel, LeadSource, LeadStage, LeadStatus, LostReason } from '../lead.enums';
import { LEAD_FIELDS } from '../lead.model';
import { apiDescription, apiType } from './lead-fields';
import { Lead, LeadContact } from '../lead.entity';

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class TeamRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
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

  @ApiPropertyOptional() industryName?: string;
  @ApiProperty({ nullable: true, description: '投资强度 万元/亩 (contract investment, else planned, per 亩)' }) investmentIntensity:
    number | null;
  @ApiPropertyOptional() zoneName?: string;
  @ApiPropertyOptional({ type: UserRefDto, nullable: true }) owner?: UserRefDto | null;
  @ApiPropertyOptional({ type: UserRefDto, nullable: true }) commissioner?: UserRefDto | null;
  @ApiPropertyOptional({ type: TeamRefDto, nullable: true }) team?: TeamRefDto | null;
  @ApiPropertyOptional({ nullable: true, description: 'the latest 事前评估' }) latestAssessment?: {
    id: string;
    total: number;
    passed: boolean;
    recommendation: string;
    createdAt: Date;
  } | null;
  @ApiPropertyOptional({ description: 'open and overdue 企业诉求' }) issues?: { open: number; overdue: number };

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

export class LeadPageDto {
  @ApiProperty({ type: [LeadResponseDto] }) items: LeadResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

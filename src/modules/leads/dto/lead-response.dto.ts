import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KEY_PROJECT_LABELS, KeyProjectLevel, LeadSource, LeadStage, LeadStatus, LostReason, SOURCE_LABELS, STAGE_LABELS, STATUS_LABELS } from '../lead.enums';
import { Lead, LeadContact } from '../lead.entity';

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class TeamRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** A lead as the API answers it: the stored fields plus labels and derived figures. */
export class LeadResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'ZS-2026-0001' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) codeName: string | null;
  @ApiProperty() companyName: string;
  @ApiProperty({ nullable: true }) creditCode: string | null;
  @ApiProperty() industryCode: string;
  @ApiPropertyOptional() industryName?: string;
  @ApiProperty({ enum: LeadSource }) source: LeadSource;
  @ApiProperty() sourceLabel: string;
  @ApiProperty({ nullable: true }) sourceCity: string | null;
  @ApiProperty({ nullable: true, description: '万元' }) plannedInvestment: number | null;
  @ApiProperty({ nullable: true, description: '万元' }) contractInvestment: number | null;
  @ApiProperty({ nullable: true, description: '万元' }) actualInvestment: number | null;
  @ApiProperty({ nullable: true }) signedAt: string | null;
  @ApiProperty({ nullable: true }) agreedStartDate: string | null;
  @ApiProperty({ nullable: true }) agreedOperatingDate: string | null;
  @ApiProperty({ nullable: true }) constructionStartedAt: string | null;
  @ApiProperty({ nullable: true }) operatingAt: string | null;
  @ApiProperty({ nullable: true }) expectedAnnualOutput: number | null;
  @ApiProperty({ nullable: true }) expectedAnnualTax: number | null;
  @ApiProperty({ nullable: true }) expectedJobs: number | null;
  @ApiProperty({ nullable: true, description: '亩' }) landAreaMu: number | null;
  @ApiProperty({ nullable: true, description: '投资强度 万元/亩 (contract investment, else planned, per 亩)' }) investmentIntensity: number | null;
  @ApiProperty({ nullable: true }) zoneCode: string | null;
  @ApiPropertyOptional() zoneName?: string;
  @ApiProperty({ enum: KeyProjectLevel }) keyProjectLevel: KeyProjectLevel;
  @ApiProperty() keyProjectLabel: string;
  @ApiProperty() contacts: LeadContact[];
  @ApiProperty({ nullable: true }) teamId: string | null;
  @ApiProperty() ownerId: string;
  @ApiProperty({ nullable: true }) commissionerId: string | null;
  @ApiProperty({ enum: LeadStage }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: LeadStatus }) status: LeadStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ enum: LostReason, nullable: true }) lostReason: LostReason | null;
  @ApiProperty({ nullable: true }) lostTo: string | null;
  @ApiProperty({ nullable: true }) statusNote: string | null;
  @ApiProperty() stageEnteredAt: Date;
  @ApiProperty({ nullable: true }) nextFollowUpAt: Date | null;
  @ApiProperty({ nullable: true }) lastFollowUpAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiPropertyOptional({ type: UserRefDto, nullable: true }) owner?: UserRefDto | null;
  @ApiPropertyOptional({ type: UserRefDto, nullable: true }) commissioner?: UserRefDto | null;
  @ApiPropertyOptional({ type: TeamRefDto, nullable: true }) team?: TeamRefDto | null;
  @ApiPropertyOptional({ nullable: true, description: 'the latest 事前评估' }) latestAssessment?: { id: string; total: number; passed: boolean; recommendation: string; createdAt: Date } | null;
  @ApiPropertyOptional({ description: 'open and overdue 企业诉求' }) issues?: { open: number; overdue: number };

  static from(lead: Lead, names?: { industry?: string; zone?: string }): LeadResponseDto {
    const investment = lead.contractInvestment ?? lead.plannedInvestment;
    return {
      id: lead.id,
      code: lead.code,
      name: lead.name,
      codeName: lead.codeName,
      companyName: lead.companyName,
      creditCode: lead.creditCode,
      industryCode: lead.industryCode,
      industryName: names?.industry,
      source: lead.source,
      sourceLabel: SOURCE_LABELS[lead.source],
      sourceCity: lead.sourceCity,
      plannedInvestment: lead.plannedInvestment,
      contractInvestment: lead.contractInvestment,
      actualInvestment: lead.actualInvestment,
      signedAt: lead.signedAt,
      agreedStartDate: lead.agreedStartDate,
      agreedOperatingDate: lead.agreedOperatingDate,
      constructionStartedAt: lead.constructionStartedAt,
      operatingAt: lead.operatingAt,
      expectedAnnualOutput: lead.expectedAnnualOutput,
      expectedAnnualTax: lead.expectedAnnualTax,
      expectedJobs: lead.expectedJobs,
      landAreaMu: lead.landAreaMu,
      investmentIntensity: investment !== null && lead.landAreaMu ? Math.round((investment / lead.landAreaMu) * 100) / 100 : null,
      zoneCode: lead.zoneCode,
      zoneName: names?.zone,
      keyProjectLevel: lead.keyProjectLevel,
      keyProjectLabel: KEY_PROJECT_LABELS[lead.keyProjectLevel],
      contacts: lead.contacts,
      teamId: lead.teamId,
      ownerId: lead.ownerId,
      commissionerId: lead.commissionerId,
      stage: lead.stage,
      stageLabel: STAGE_LABELS[lead.stage],
      status: lead.status,
      statusLabel: STATUS_LABELS[lead.status],
      lostReason: lead.lostReason,
      lostTo: lead.lostTo,
      statusNote: lead.statusNote,
      stageEnteredAt: lead.stageEnteredAt,
      nextFollowUpAt: lead.nextFollowUpAt,
      lastFollowUpAt: lead.lastFollowUpAt,
      version: lead.version,
      createdAt: lead.createdAt,
      updatedAt: lead.updatedAt,
    };
  }
}

export class LeadPageDto {
  @ApiProperty({ type: [LeadResponseDto] }) items: LeadResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { LeadStage } from '../../leads/lead.enums';
import { ReminderKind } from '../reminder.entity';
import type { ReminderKindSpec } from '../reminder-kinds';
import type { ScanSummary } from '../scans.service';
import type { WarningsDto } from '../warnings.service';
import type { StalledLead } from '../warnings.query';

/** POST /admin/scans/run: what the scans found and recorded. */
export class ScanSummaryDto implements ScanSummary {
  @ApiProperty({ type: 'integer', description: 'leads found stalled' }) stalled: number;
  @ApiProperty({ type: 'integer', description: 'warnings new since the last scan (notified)' }) newWarnings: number;
  @ApiProperty({ type: 'integer', description: 'morning digests recorded' }) digests: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'reminders each registered daily scan recorded, by its name (e.g. obligations)',
  })
  scans: Record<string, number>;
}

export class StalledLeadDto implements StalledLead {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ description: 'the project’s name (its 代号 when it has one)' }) title: string;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' }) stage: string;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) commissionerId: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'what the stall is counted from' }) reference: Date;
  @ApiProperty({ description: 'why it is a warning, in Chinese' }) reason: string;
  @ApiProperty({ enum: ['yellow', 'red'], enumName: 'WarningLevel' }) level: 'yellow' | 'red';
  @ApiProperty({ type: 'integer' }) daysStalled: number;
}

export class OverdueFollowUpDto {
  @ApiProperty({ format: 'uuid', description: 'the lead' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' }) stage: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) commissionerId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) nextFollowUpAt: Date;
  @ApiProperty({ type: 'integer' }) daysOverdue: number;
}

export class OverdueIssueDto {
  @ApiProperty({ format: 'uuid', description: 'the issue' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ description: 'the lead’s code' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) handlerId: string;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: Date;
  @ApiProperty({ type: 'integer' }) daysOverdue: number;
}

export class WarningCountsDto {
  @ApiProperty({ type: 'integer' }) red: number;
  @ApiProperty({ type: 'integer' }) yellow: number;
  @ApiProperty({ type: 'integer' }) overdueFollowUps: number;
  @ApiProperty({ type: 'integer' }) overdueIssues: number;
}

/** GET /dashboard/warnings: the lists (at most WARNING_LIST_LIMIT items each) and the complete counts. */
export class WarningsResponseDto implements WarningsDto {
  @ApiProperty({ type: [StalledLeadDto] }) stalled: StalledLeadDto[];
  @ApiProperty({ type: [OverdueFollowUpDto] }) overdueFollowUps: OverdueFollowUpDto[];
  @ApiProperty({ type: [OverdueIssueDto] }) overdueIssues: OverdueIssueDto[];
  @ApiProperty({ type: WarningCountsDto }) counts: WarningCountsDto;
}

/** GET /meta/reminder-kinds: a reminder kind with its console label and tag tone. */
export class ReminderKindLabelDto {
  @ApiProperty({ enum: ReminderKind, enumName: 'ReminderKind' }) kind: ReminderKind;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['primary', 'success', 'warning', 'danger', 'info'] }) tone: ReminderKindSpec<never>['tone'];
}

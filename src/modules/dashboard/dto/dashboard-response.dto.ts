import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { CONFIRMABLE_STAGES } from '../../confirmations/confirmation.model';
import { LeadStage, STAGE_ORDER } from '../../leads/lead.enums';
import type { BreakdownItem, CommissionerWorkload, PipelineDto, StageSplits, TargetsDto } from '../dashboard.service';
import { BREAKDOWN_DIMENSIONS, BreakdownDimension } from './dashboard-query.dto';
import type { StageFigures } from '../pipeline.calculator';

const integer = { type: 'integer', minimum: 0 } as const;
const amount = { type: Number, description: '万元' } as const;

/** 审核确认 split of a confirmable stage's figures: leads confirmed at the stage, or awaiting a leader's confirmation. */
export class ConfirmationSplitDto {
  @ApiProperty(integer) count: number;
  @ApiProperty(amount) contractInvestment: number;
  @ApiProperty(amount) actualInvestment: number;
}

export class StageFiguresDto implements StageFigures {
  @ApiProperty({ enum: LeadStage, enumName: 'LeadStage' }) stage: LeadStage;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ ...integer, description: 'leads in the stage, not lost' }) count: number;
  @ApiProperty(amount) plannedInvestment: number;
  @ApiProperty(amount) contractInvestment: number;
  @ApiProperty(amount) actualInvestment: number;
  @ApiProperty({ type: Number }) expectedJobs: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'of the leads that reached the stage (lost ones included), the share that reached the next; null for the last stage or when none reached it',
  })
  conversion: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'median days leads spent in the stage before moving on' }) medianDaysInStage:
    number | null;
  @ApiProperty({
    type: ConfirmationSplitDto,
    nullable: true,
    description:
      '已确认: of the stage’s leads, those whose move into it a leader confirmed (the official figure); null for stages not confirmed (线索, 洽谈)',
  })
  confirmed: ConfirmationSplitDto | null;
  @ApiProperty({
    type: ConfirmationSplitDto,
    nullable: true,
    description:
      '待确认: of the stage’s leads, those awaiting confirmation (confirmed + awaiting = the stage’s figures); null for stages not confirmed',
  })
  awaiting: ConfirmationSplitDto | null;
}

export class LostFiguresDto {
  @ApiProperty(integer) count: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'lost leads by lostReason' }) byReason: Record<
    string,
    number
  >;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'lost leads by where they went (lostTo)' })
  byDestination: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'the 中文 label of each lostReason' })
  reasonLabels: Record<string, string>;
}

/** GET /dashboard/pipeline: the funnel. */
export class PipelineResponseDto implements PipelineDto {
  @ApiProperty({ type: [StageFiguresDto], description: 'every stage, in order' }) stages: StageFiguresDto[];
  @ApiProperty({ ...integer, description: 'leads on hold (暂缓)' }) onHold: number;
  @ApiProperty({ type: LostFiguresDto }) lost: LostFiguresDto;
}

const stageCounts: ApiPropertyOptions = {
  type: 'object',
  description: 'leads per stage (not lost)',
  properties: Object.fromEntries(STAGE_ORDER.map((stage) => [stage, { type: 'integer', minimum: 0 }])),
  required: [...STAGE_ORDER],
};

/** A group's 审核确认 split: one ConfirmationSplit per confirmable stage, the properties derived from CONFIRMABLE_STAGES. */
export class StageSplitsDto {}
for (const stage of CONFIRMABLE_STAGES) ApiProperty({ type: ConfirmationSplitDto })(StageSplitsDto.prototype, stage);

export class BreakdownItemDto implements BreakdownItem {
  @ApiProperty({ description: 'the group: an industry, zone or team id/code, a source; `none` for leads without one' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty(integer) count: number;
  @ApiProperty(amount) plannedInvestment: number;
  @ApiProperty(amount) contractInvestment: number;
  @ApiProperty(amount) actualInvestment: number;
  @ApiProperty({ type: Number }) expectedJobs: number;
  @ApiProperty(integer) onHold: number;
  @ApiProperty(integer) lost: number;
  @ApiProperty(stageCounts) stages: Record<LeadStage, number>;
  @ApiProperty({ type: Number, nullable: true, description: 'share of the group’s leads (lost included) that reached 签约 or beyond' })
  signedRate: number | null;
  @ApiProperty({
    type: StageSplitsDto,
    description: '已确认: per confirmable stage (签约, 开工建设, 运营投产), the group’s leads there whose move into it a leader confirmed',
  })
  confirmed: StageSplits;
  @ApiProperty({
    type: StageSplitsDto,
    description: '待确认: per confirmable stage, the rest of the group’s leads there (confirmed + awaiting = `stages`)',
  })
  awaiting: StageSplits;
}

/** GET /dashboard/breakdown. */
export class BreakdownResponseDto {
  @ApiProperty({ enum: BREAKDOWN_DIMENSIONS, enumName: 'BreakdownDimension' }) by: BreakdownDimension;
  @ApiProperty({ type: [BreakdownItemDto] }) items: BreakdownItemDto[];
}

export class CommissionerWorkloadDto implements CommissionerWorkload {
  @ApiProperty({ format: 'uuid' }) commissionerId: string;
  @ApiProperty() displayName: string;
  @ApiProperty(integer) activeLeads: number;
  @ApiProperty(integer) overdueFollowUps: number;
  @ApiProperty({ ...integer, description: '近30天跟进' }) followUpsLast30Days: number;
  @ApiProperty(integer) openIssues: number;
}

/** GET /dashboard/commissioners. */
export class CommissionersResponseDto {
  @ApiProperty({ type: [CommissionerWorkloadDto] }) items: CommissionerWorkloadDto[];
}

export class TargetProgressDto {
  @ApiProperty({ type: Number }) actual: number;
  @ApiProperty({ type: Number }) target: number;
  @ApiProperty({ type: Number, nullable: true, description: 'actual ÷ target; null without a target' }) rate: number | null;
  @ApiProperty({ type: Number, description: '已确认: the part of `actual` a leader confirmed with evidence (the official figure)' })
  confirmed: number;
  @ApiProperty({ type: Number, description: '待确认: the part of `actual` awaiting confirmation (actual = confirmed + awaiting)' })
  awaiting: number;
}

/** GET /dashboard/targets: the year's figures against the configured targets. */
export class TargetsResponseDto implements TargetsDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: TargetProgressDto, description: '重点项目签约 (count)' }) keyProjectsSigned: TargetProgressDto;
  @ApiProperty({ type: TargetProgressDto, description: '重点项目开工 (count)' }) keyProjectsStarted: TargetProgressDto;
  @ApiProperty({ type: TargetProgressDto, description: '签约投资额 (万元)' }) investmentSigned: TargetProgressDto;
  @ApiProperty({ type: TargetProgressDto, description: '到位投资 (万元)' }) investmentArrived: TargetProgressDto;
}

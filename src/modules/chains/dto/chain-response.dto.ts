import { ApiProperty, PickType } from '@nestjs/swagger';
import { LeadStage, LeadStatus, STAGE_ORDER } from '../../leads/lead.enums';
import { CHAIN_MARKS, CHAIN_SEGMENTS, ChainMark, ChainSegment, COUNTING_FROM, TARGET_STATUSES, TargetStatus } from '../chain.model';

const COUNTING_RULE = `a project counts from ${COUNTING_FROM} (洽谈) on while not lost or deleted; a bare 线索 does not`;

export class ChainNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'IT01-M2' }) code: string;
  @ApiProperty({ example: 'IT01' }) industryCode: string;
  @ApiProperty({ enum: CHAIN_SEGMENTS.map((s) => s.key), enumName: 'ChainSegment' }) segment: ChainSegment;
  @ApiProperty({ example: '中游' }) segmentLabel: string;
  @ApiProperty({ example: '封装测试' }) name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: 'integer' }) sortOrder: number;
}

/** A node as the lead page names it (GET /leads/:id's chainNode). */
export class ChainNodeRefDto extends PickType(ChainNodeDto, ['id', 'name', 'segment', 'segmentLabel', 'industryCode'] as const) {}

export class ChainEnterpriseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) creditCode: string | null;
  @ApiProperty({ description: '链主' }) chainLeader: boolean;
  @ApiProperty({ type: Number, nullable: true, description: '年产值 (万元)' }) output: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) employees: number | null;
  @ApiProperty({ type: [String], format: 'uuid' }) nodeIds: string[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: '最近走访: the date of its latest 安商 visit' })
  lastVisitedOn: string | null;
}

export class ChainTargetDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) nodeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) city: string | null;
  @ApiProperty({ type: String, nullable: true }) creditCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: '推荐理由' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: '线索来源' }) tipSource: string | null;
  @ApiProperty({ enum: TARGET_STATUSES.map((s) => s.key), enumName: 'ChainTargetStatus' }) status: TargetStatus;
  @ApiProperty({ example: '待转化' }) statusLabel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the lead it became' }) leadId: string | null;
}

export class ChainProjectDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ZS-2026-0001' }) code: string;
  @ApiProperty({ description: 'the project name (its 代号 when it has one)' }) name: string;
  @ApiProperty() companyName: string;
  @ApiProperty({ enum: STAGE_ORDER }) stage: LeadStage;
  @ApiProperty({ enum: Object.values(LeadStatus) }) status: LeadStatus;
  @ApiProperty({ description: `whether it fills the node: ${COUNTING_RULE}` }) counts: boolean;
}

export class ChainGapNodeDto extends ChainNodeDto {
  @ApiProperty({
    enum: CHAIN_MARKS.map((m) => m.key),
    enumName: 'ChainMark',
    description: `gap: no local enterprise and no counting project; weak: exactly one; strong: more. ${COUNTING_RULE}`,
  })
  mark: ChainMark;
  @ApiProperty({ example: '缺链' }) markLabel: string;
  @ApiProperty({ type: 'integer', description: 'counting projects on the node, of every team (the mark reads them)' }) projectCount: number;
  @ApiProperty({ type: [ChainEnterpriseDto] }) enterprises: ChainEnterpriseDto[];
  @ApiProperty({ type: [ChainProjectDto], description: 'the live (not lost) leads on the node that the caller may see' })
  projects: ChainProjectDto[];
  @ApiProperty({ type: [ChainTargetDto] }) targets: ChainTargetDto[];
}

class ChainTeamDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ChainSummaryDto {
  @ApiProperty({ example: 'IT01' }) industryCode: string;
  @ApiProperty({ example: '晶体管与滤波器' }) industryName: string;
  @ApiProperty({ type: ChainTeamDto, nullable: true, description: 'the team its targets become leads of' }) team: ChainTeamDto | null;
  @ApiProperty({ type: 'integer' }) nodeCount: number;
  @ApiProperty({ type: 'integer', description: '缺链: nodes with no local enterprise and no counting project' }) gapCount: number;
  @ApiProperty({ type: 'integer', description: '弱链: nodes with exactly one' }) weakCount: number;
}

export class ChainListDto {
  @ApiProperty({ type: [ChainSummaryDto] }) items: ChainSummaryDto[];
}

export class ChainGapViewDto extends ChainSummaryDto {
  @ApiProperty({ type: [ChainGapNodeDto], description: 'upstream to downstream, in order' }) nodes: ChainGapNodeDto[];
}

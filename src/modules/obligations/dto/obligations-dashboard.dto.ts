import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UserRefDto } from '../../leads/dto/lead-response.dto';
import { IDLE_LAND_LEVELS, IdleLandLevel } from '../idle-land.calculator';
import { MU_GRADES, MuGrade } from '../mu-grade.calculator';
import { ClauseKind, ClauseStatus } from '../obligation.model';
import { CLAUSE_KIND_API, CLAUSE_STATUS_API } from './clause.dto';
import { FulfilmentDto, IdleLandClockDto } from './obligation-response.dto';

/** The graded year defaults to last year (the targets' to this year): a running year has no full-year figures yet. */
export class GradesQuery {
  @ApiPropertyOptional({ description: 'the year graded; default last year (district time); not a future year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ProjectFulfilmentDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: FulfilmentDto }) fulfilment: FulfilmentDto;
  @ApiProperty({ enum: IDLE_LAND_LEVELS, enumName: 'IdleLandLevel', description: 'the worst idle-land level of its agreements' })
  clockLevel: IdleLandLevel;
}

export class GroupFulfilmentDto {
  @ApiProperty({ description: 'team id, top-level industry or zone code; `none`: without' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'projects with an agreement' }) projects: number;
  @ApiProperty({ description: 'projects whose decided clauses are all met' }) fullyHonoured: number;
  @ApiProperty({ type: FulfilmentDto, description: 'over all the group’s clauses' }) fulfilment: FulfilmentDto;
}

export class ClockCountsDto {
  @ApiProperty() none: number;
  @ApiProperty() yellow: number;
  @ApiProperty() red: number;
  @ApiProperty() critical: number;
}

export class ClockItemDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() agreementNumber: string;
  @ApiProperty({ type: IdleLandClockDto }) clock: IdleLandClockDto;
}

export class ClocksDto {
  @ApiProperty({ type: ClockCountsDto, description: 'agreements by level' }) counts: ClockCountsDto;
  @ApiProperty({ type: [ClockItemDto], description: 'agreements at yellow or worse, worst and longest first (at most 100)' })
  items: ClockItemDto[];
}

export class GovernmentOverdueDto {
  @ApiProperty({ format: 'uuid' }) clauseId: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty(CLAUSE_KIND_API) kind: ClauseKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true, description: '责任单位' }) department: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) responsible: UserRefDto | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ description: 'days past the due date (district)' }) daysOverdue: number;
  @ApiProperty(CLAUSE_STATUS_API) state: ClauseStatus;
}

/** GET /dashboard/obligations */
export class ObligationsDashboardDto {
  @ApiProperty({ description: 'projects with an agreement under the filter' }) projects: number;
  @ApiProperty({ description: 'projects with decided clauses, all met' }) fullyHonoured: number;
  @ApiProperty({ type: FulfilmentDto, description: 'over every clause of those projects' }) fulfilment: FulfilmentDto;
  @ApiProperty({ type: [ProjectFulfilmentDto], description: 'lowest 履约率 first, then the most overdue (at most 100)' })
  byProject: ProjectFulfilmentDto[];
  @ApiProperty({ type: [GroupFulfilmentDto] }) byTeam: GroupFulfilmentDto[];
  @ApiProperty({ type: [GroupFulfilmentDto] }) byIndustry: GroupFulfilmentDto[];
  @ApiProperty({ type: [GroupFulfilmentDto] }) byZone: GroupFulfilmentDto[];
  @ApiProperty({ type: ClocksDto }) clocks: ClocksDto;
  @ApiProperty({ description: 'how many of the government’s own clauses are past due (all of them, not only those listed)' })
  governmentOverdueTotal: number;
  @ApiProperty({ type: [GovernmentOverdueDto], description: 'the government’s own clauses past due, longest overdue first (at most 100)' })
  governmentOverdue: GovernmentOverdueDto[];
}

export class GradeCountsDto {
  @ApiProperty() A: number;
  @ApiProperty() B: number;
  @ApiProperty() C: number;
  @ApiProperty() D: number;
  @ApiProperty() ungraded: number;
}

export class GradeItemDto {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MU_GRADES, enumName: 'MuGrade', nullable: true, description: 'null: not graded (see reason)' })
  grade: MuGrade | null;
  @ApiProperty({ type: Number, nullable: true, description: '亩均税收 (万元/亩)' }) taxPerMu: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '亩均产值 (万元/亩)' }) outputPerMu: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the year’s tax (万元)' }) tax: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the year’s output (万元)' }) output: number | null;
  @ApiProperty({ type: Number, nullable: true }) landAreaMu: number | null;
  @ApiProperty({ type: Number, nullable: true }) rank: number | null;
  @ApiProperty({ description: 'projects graded this year' }) graded: number;
  @ApiProperty({ description: 'the figures and the rule that decided' }) reason: string;
}

export class GradeSharesDto {
  @ApiProperty() a: number;
  @ApiProperty() b: number;
  @ApiProperty() d: number;
}

export class GradeThresholdsDto {
  @ApiProperty() a: number;
  @ApiProperty() b: number;
  @ApiProperty() c: number;
}

export class GradeRulesDto {
  @ApiProperty({ enum: ['shares', 'absolute'], enumName: 'MuGradeMode' }) mode: 'shares' | 'absolute';
  @ApiProperty({ type: GradeSharesDto, description: 'A at most, B at most (next), D at least: shares of graded projects' })
  shares: GradeSharesDto;
  @ApiProperty({ type: GradeThresholdsDto, description: 'lowest tax per 亩 (万元) for A, B, C' }) thresholds: GradeThresholdsDto;
}

/** GET /dashboard/obligations/grades */
export class GradesDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: GradeRulesDto }) rules: GradeRulesDto;
  @ApiProperty({ type: GradeCountsDto }) counts: GradeCountsDto;
  @ApiProperty({ type: [GradeItemDto], description: 'best first; ungraded last' }) items: GradeItemDto[];
}

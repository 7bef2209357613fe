import { ApiProperty } from '@nestjs/swagger';
import type { AssessmentScores, SuggestedScores } from '../assessment.calculator';
import { Assessment } from '../assessment.entity';

/** An assessment as the API answers it. */
export class AssessmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() assessorId: string;
  @ApiProperty({ description: 'industryFit, investmentIntensity, taxPerMu, technology, energyEnvironment' }) scores: AssessmentScores;
  @ApiProperty({ type: [String] }) vetoes: string[];
  @ApiProperty({ description: 'out of 100' }) total: number;
  @ApiProperty({ description: 'total ≥ 60 and no veto' }) passed: boolean;
  @ApiProperty({ example: '建议引进' }) recommendation: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'scores suggested from the lead’s figures at the time (null where no figure applies), with their basis' })
  suggested: SuggestedScores;
  @ApiProperty() createdAt: Date;

  static from(assessment: Assessment): AssessmentResponseDto {
    return {
      id: assessment.id,
      leadId: assessment.leadId,
      assessorId: assessment.assessorId,
      scores: assessment.scores,
      vetoes: assessment.vetoes,
      total: assessment.total,
      passed: assessment.passed,
      recommendation: assessment.recommendation,
      note: assessment.note,
      suggested: assessment.suggested,
      createdAt: assessment.createdAt,
    };
  }
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentResponseDto] }) items: AssessmentResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

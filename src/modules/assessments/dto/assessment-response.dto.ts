import { ApiProperty } from '@nestjs/swagger';
import type { AssessmentScores, SuggestedScores, SuggestionBasis } from '../assessment.calculator';
import { Assessment } from '../assessment.entity';
import { AssessmentScoresDto } from './create-assessment.dto';

export class SuggestionBasisDto implements SuggestionBasis {
  @ApiProperty({ type: Number, nullable: true, description: '投资强度 万元/亩: contract investment (else planned) ÷ land area' })
  investmentPerMu: number | null;
  @ApiProperty({ description: 'the district’s minimum 万元/亩' }) minInvestPerMu: number;
  @ApiProperty({ type: Number, nullable: true, description: '亩均税收 万元/亩·年: expected annual tax ÷ land area' }) taxPerMu:
    number | null;
  @ApiProperty({ description: 'the 亩均税收 benchmark' }) taxPerMuBenchmark: number;
}

/** Points suggested per criterion from the lead's figures; null where no figure applies. */
export class SuggestedScoresDto implements SuggestedScores {
  @ApiProperty({ type: Number, nullable: true }) industryFit: number | null;
  @ApiProperty({ type: Number, nullable: true }) investmentIntensity: number | null;
  @ApiProperty({ type: Number, nullable: true }) taxPerMu: number | null;
  @ApiProperty({ type: Number, nullable: true }) technology: number | null;
  @ApiProperty({ type: Number, nullable: true }) energyEnvironment: number | null;
  @ApiProperty({ type: SuggestionBasisDto }) basis: SuggestionBasisDto;
}

/** An assessment as the API answers it. */
export class AssessmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ format: 'uuid' }) assessorId: string;
  @ApiProperty({ type: AssessmentScoresDto, description: 'points per criterion' }) scores: AssessmentScores;
  @ApiProperty({ type: [String] }) vetoes: string[];
  @ApiProperty({ description: 'out of 100' }) total: number;
  @ApiProperty({ description: 'total ≥ 60 and no veto' }) passed: boolean;
  @ApiProperty({ example: '建议引进' }) recommendation: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({
    type: SuggestedScoresDto,
    description: 'scores suggested from the lead’s figures at the time (null where no figure applies), with their basis',
  })
  suggested: SuggestedScores;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;

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
  @ApiProperty({ type: 'null', description: 'always null: a lead has few assessments, all on the one page' }) nextCursor: null;
}

import { ApiProperty } from '@nestjs/swagger';
import { CHAIN_MARKS, ChainMark } from '../../chains/chain.model';
import { INDUSTRY_FIT_SHARE, type AssessmentScores, type SuggestedScores, type SuggestionBasis } from '../assessment.calculator';
import { Assessment } from '../assessment.entity';
import { AssessmentScoresDto } from './create-assessment.dto';

const FIT_SHARES = CHAIN_MARKS.map((m) => `${m.key} ${Math.round(INDUSTRY_FIT_SHARE[m.key] * 100)}%`).join(', ');

/** The chain node an industry-fit suggestion was judged by. */
export class SuggestionChainNodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '封装测试' }) name: string;
  @ApiProperty({
    enum: CHAIN_MARKS.map((m) => m.key),
    enumName: 'ChainMark',
    description: `the node's mark when the assessment was made, the lead itself left out; industry fit earns ${FIT_SHARES} of its maximum`,
  })
  mark: ChainMark;
  @ApiProperty({ example: '缺链' }) markLabel: string;
}

export class SuggestionBasisDto implements SuggestionBasis {
  @ApiProperty({ type: Number, nullable: true, description: '投资强度 万元/亩: contract investment (else planned) ÷ land area' })
  investmentPerMu: number | null;
  @ApiProperty({ description: 'the district’s minimum 万元/亩' }) minInvestPerMu: number;
  @ApiProperty({ type: Number, nullable: true, description: '亩均税收 万元/亩·年: expected annual tax ÷ land area' }) taxPerMu:
    number | null;
  @ApiProperty({ description: 'the 亩均税收 benchmark' }) taxPerMuBenchmark: number;
  @ApiProperty({
    type: SuggestionChainNodeDto,
    nullable: true,
    description: '产业链环节 the industry fit is judged by; null: the lead has none',
  })
  chainNode: SuggestionChainNodeDto | null;
}

/** Points suggested per criterion from the lead's figures and chain node; null where nothing applies. */
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
    description: 'scores suggested from the lead’s figures and chain node at the time (null where nothing applies), with their basis',
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
      // assessments made before industry fit was suggested stored no chain node
      suggested: {
        ...assessment.suggested,
        basis: { ...assessment.suggested.basis, chainNode: assessment.suggested.basis.chainNode ?? null },
      },
      createdAt: assessment.createdAt,
    };
  }
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentResponseDto] }) items: AssessmentResponseDto[];
  @ApiProperty({ type: 'null', description: 'always null: a lead has few assessments, all on the one page' }) nextCursor: null;
}

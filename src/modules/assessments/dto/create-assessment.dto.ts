import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CRITERION_MAX } from '../assessment.calculator';
import { MultilineText } from '../../../common/validation/plain-text-fields';

/** Points for one criterion: 0 to its maximum, an integer or one decimal. */
function IsScore(max: number): PropertyDecorator {
  return (target, key) => {
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })(target, key);
    Min(0)(target, key);
    Max(max)(target, key);
  };
}

export class AssessmentScoresDto {
  @ApiProperty({ description: '产业契合度', minimum: 0, maximum: CRITERION_MAX.industryFit })
  @IsScore(CRITERION_MAX.industryFit)
  industryFit: number;

  @ApiProperty({ description: '投资强度 (万元/亩)', minimum: 0, maximum: CRITERION_MAX.investmentIntensity })
  @IsScore(CRITERION_MAX.investmentIntensity)
  investmentIntensity: number;

  @ApiProperty({ description: '亩均税收 (万元/亩·年)', minimum: 0, maximum: CRITERION_MAX.taxPerMu })
  @IsScore(CRITERION_MAX.taxPerMu)
  taxPerMu: number;

  @ApiProperty({ description: '技术水平', minimum: 0, maximum: CRITERION_MAX.technology })
  @IsScore(CRITERION_MAX.technology)
  technology: number;

  @ApiProperty({ description: '能耗与环保', minimum: 0, maximum: CRITERION_MAX.energyEnvironment })
  @IsScore(CRITERION_MAX.energyEnvironment)
  energyEnvironment: number;
}

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : value;

/** POST /leads/:id/assessment. */
export class CreateAssessmentDto {
  @ApiProperty({ type: AssessmentScoresDto, description: 'points per criterion; they add up to a total out of 100' })
  @IsObject()
  @ValidateNested()
  @Type(() => AssessmentScoresDto)
  scores: AssessmentScoresDto;

  @ApiProperty({
    type: [String],
    minLength: 1,
    maxLength: 100,
    maxItems: 20,
    uniqueItems: true,
    description: '一票否决项 (empty when none applies); any veto fails the assessment',
    example: [],
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Transform(trimEach)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  vetoes: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: '评估意见' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  note?: string | null;
}

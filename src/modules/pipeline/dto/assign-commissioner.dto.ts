import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';

export class AssignCommissionerDto {
  @ApiProperty({ format: 'uuid', description: 'a user with the commissioner role' })
  @IsUUID()
  commissionerId: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'why (shown in the timeline)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  note?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'the lead version read; checked when given (a stale one is 409)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, MaxLength, Min, ValidateIf } from 'class-validator';
import { LeadSource } from '../lead.enums';
import { IsCalendarDate, IsWanYuan, LeadEditableFields } from './lead-fields';

const Optional = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** PATCH body: any editable field plus the version the client last read. */
export class UpdateLeadDto extends LeadEditableFields {
  @ApiProperty({ description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  companyName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  industryCode?: string;

  @ApiPropertyOptional({ enum: LeadSource })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource;

  @ApiPropertyOptional({ description: '合同投资额 (万元)' })
  @Optional()
  @IsWanYuan()
  contractInvestment?: number | null;

  @ApiPropertyOptional({ description: '实际到位投资 (万元)' })
  @Optional()
  @IsWanYuan()
  actualInvestment?: number | null;

  @ApiPropertyOptional({ description: '约定开工日期 YYYY-MM-DD' })
  @Optional()
  @IsCalendarDate()
  agreedStartDate?: string | null;

  @ApiPropertyOptional({ description: '约定投产日期 YYYY-MM-DD' })
  @Optional()
  @IsCalendarDate()
  agreedOperatingDate?: string | null;
}

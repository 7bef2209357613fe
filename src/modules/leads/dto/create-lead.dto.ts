import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { LeadSource } from '../lead.enums';
import { LeadEditableFields } from './lead-fields';

export class CreateLeadDto extends LeadEditableFields {
  @ApiProperty({ description: '项目名称', example: '晶芯微电子射频滤波器项目' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: '企业名称', example: '淄博晶芯微电子有限公司' })
  @IsString()
  @Length(1, 200)
  companyName: string;

  @ApiProperty({ description: '产业类别 (catalog code, see GET /industries)', example: 'IT01' })
  @IsString()
  @MaxLength(32)
  industryCode: string;

  @ApiProperty({ enum: LeadSource, description: '招商方式' })
  @IsEnum(LeadSource)
  source: LeadSource;

  @ApiPropertyOptional({ description: '下次跟进 (ISO timestamp)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  nextFollowUpAt?: string;
}

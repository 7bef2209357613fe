import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsString, Length } from 'class-validator';
import type { ImportMappingScope } from '../import-mapping.entity';

/** POST /leads/import/mappings: a named mapping, the caller's own or shared with their team. */
export class CreateImportMappingDto {
  @ApiProperty({ example: '区台账 2026', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ enum: ['user', 'team'], enumName: 'ImportMappingScope', default: 'user' })
  @IsIn(['user', 'team'])
  scope: ImportMappingScope = 'user';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'header as the file writes it → column key (GET /meta lead fields; ownerName, industryName …) or "ignore"',
    example: { 计划投资: 'plannedInvestment', 联系电话: 'ignore' },
  })
  @IsObject()
  mapping: Record<string, string>;
}

export class ImportMappingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['user', 'team'], enumName: 'ImportMappingScope' }) scope: ImportMappingScope;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'header → column key or "ignore"' })
  mapping: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

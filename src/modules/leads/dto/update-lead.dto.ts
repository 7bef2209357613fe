import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { declareLeadFields } from './lead-fields';

/** PATCH body: any field the model marks `patch` (declared from lead.model.ts), plus the version the client last read. */
export class UpdateLeadDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  declare name?: string | null;
  declare companyName?: string | null;
  declare industryCode?: string | null;
  declare creditCode?: string | null;
  declare zoneCode?: string | null;
  declare teamId?: string | null;
  declare ownerId?: string | null;
}
declareLeadFields(UpdateLeadDto, 'patch');

import { ApiProperty } from '@nestjs/swagger';

export class ChainImportCountsDto {
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer', description: 'rows that changed a stored record' }) updated: number;
  @ApiProperty({ type: 'integer', description: 'rows whose record already held what the row says' }) unchanged: number;
}

/** POST /chains/:industryCode/import: what each sheet did (or, in a dry run, would do). */
export class ChainImportReportDto {
  @ApiProperty({ example: 'IT01' }) industryCode: string;
  @ApiProperty({ description: 'true: checked with the same rules and nothing written' }) dryRun: boolean;
  @ApiProperty({ type: ChainImportCountsDto, description: '环节' }) nodes: ChainImportCountsDto;
  @ApiProperty({ type: ChainImportCountsDto, description: '本地企业' }) enterprises: ChainImportCountsDto;
  @ApiProperty({ type: ChainImportCountsDto, description: '目标企业' }) targets: ChainImportCountsDto;
}

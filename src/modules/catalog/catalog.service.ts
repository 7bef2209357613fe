import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Industry } from './industry.entity';
import { Zone } from './zone.entity';

export class CatalogNodeDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ description: 'zones only: district, cluster or park' }) kind?: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: () => [CatalogNodeDto] }) children: CatalogNodeDto[];
}

interface FlatNode {
  code: string;
  name: string;
  kind?: string;
  parentCode: string | null;
  description: string | null;
  sortOrder: number;
}

function toTree(rows: FlatNode[]): CatalogNodeDto[] {
  const byCode = new Map<string, CatalogNodeDto>();
  const sorted = [...rows].sort((a, b) => a.sortOrder - b.sortOrder);
  for (const row of sorted) {
    byCode.set(row.code, {
      code: row.code,
      name: row.name,
      ...(row.kind ? { kind: row.kind } : {}),
      description: row.description,
      children: [],
    });
  }
  const roots: CatalogNodeDto[] = [];
  for (const row of sorted) {
    const node = byCode.get(row.code)!;
    const parent = row.parentCode ? byCode.get(row.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The reference data (industry catalog, zones and parks): read-mostly, so held in memory after the first read. */
@Injectable()
export class CatalogService {
  private loaded?: Promise<{ industries: FlatNode[]; zones: FlatNode[]; names: Map<string, string>; zoneNames: Map<string, string> }>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private load() {
    this.loaded ??= (async () => {
      const industries = await this.dataSource.getRepository(Industry).find();
      const zones = await this.dataSource.getRepository(Zone).find();
      return {
        industries,
        zones,
        names: new Map(industries.map((i) => [i.code, i.name])),
        zoneNames: new Map(zones.map((z) => [z.code, z.name])),
      };
    })().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  async industryTree(): Promise<CatalogNodeDto[]> {
    return toTree((await this.load()).industries);
  }

  async zoneTree(): Promise<CatalogNodeDto[]> {
    return toTree((await this.load()).zones);
  }

  async industryName(code: string): Promise<string | undefined> {
    return (await this.load()).names.get(code);
  }

  async zoneName(code: string): Promise<string | undefined> {
    return (await this.load()).zoneNames.get(code);
  }

  async industryNames(): Promise<Map<string, string>> {
    return (await this.load()).names;
  }

  /** A zone's kind (area, cluster or park); undefined for an unknown code. */
  async zoneKind(code: string): Promise<string | undefined> {
    return (await this.load()).zones.find((z) => z.code === code)?.kind;
  }

  async zoneNames(): Promise<Map<string, string>> {
    return (await this.load()).zoneNames;
  }

  /** Codes of the node and every descendant, so that a filter by a branch finds leads filed under its leaves. */
  async industryWithDescendants(code: string): Promise<string[]> {
    return descendants((await this.load()).industries, code);
  }

  async zoneWithDescendants(code: string): Promise<string[]> {
    return descendants((await this.load()).zones, code);
  }

  /** A filter's branch: the codes of the node and its descendants, or a 400 naming the field when the code is unknown. */
  async branchCodes(field: 'industry' | 'zone', code: string): Promise<string[]> {
    const codes = field === 'industry' ? await this.industryWithDescendants(code) : await this.zoneWithDescendants(code);
    if (codes.length === 0)
      throw AppError.validation(`${field} "${code}" is not in the catalog`, [{ field, errors: [`unknown ${field} code`] }]);
    return codes;
  }
}

function descendants(rows: FlatNode[], code: string): string[] {
  const result = [code];
  for (let i = 0; i < result.length; i++) {
    for (const row of rows) if (row.parentCode === result[i]) result.push(row.code);
  }
  return rows.some((r) => r.code === code) ? result : [];
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { LeadSource, SOURCE_LABELS } from '../leads/lead.enums';
import { NO_GROUP } from '../leads/lead-conditions';
import { BreakdownDimension } from './dto/dashboard-query.dto';

/** The dashboards' groups: how a lead's team, industry, zone or source rolls up to a group, and the group's Chinese name. */
@Injectable()
export class DashboardDimensions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  /** How a raw group key rolls up (industries and zones to their top-level branch) and what it is called in Chinese. */
  async of(by: BreakdownDimension): Promise<{ rollUp: (key: string | null) => string; names: (key: string) => string }> {
    if (by === 'source') return { rollUp: (key) => key ?? 'unknown', names: (key) => SOURCE_LABELS[key as LeadSource] ?? key };
    if (by === 'team') {
      const teams = await this.dataSource.query<Array<{ id: string; name: string }>>(`SELECT id::text, name FROM teams`);
      const byId = new Map(teams.map((t) => [t.id, t.name]));
      return { rollUp: (key) => key ?? NO_GROUP, names: (key) => (key === NO_GROUP ? '未分配团队' : (byId.get(key) ?? key)) };
    }
    const tree = by === 'industry' ? await this.catalog.industryTree() : await this.catalog.zoneTree();
    const root = new Map<string, string>();
    const names = new Map<string, string>();
    const walk = (nodes: typeof tree, top?: string) => {
      for (const node of nodes) {
        root.set(node.code, top ?? node.code);
        names.set(node.code, node.name);
        walk(node.children, top ?? node.code);
      }
    };
    walk(tree);
    return {
      rollUp: (key) => (key === null ? NO_GROUP : (root.get(key) ?? key)),
      names: (key) => (key === NO_GROUP ? (by === 'zone' ? '未定落地区域' : '未分类') : (names.get(key) ?? key)),
    };
  }
}

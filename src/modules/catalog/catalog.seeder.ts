import { EntityManager } from 'typeorm';
import { CatalogNode, INDUSTRY_CATALOG } from './data/industries.data';
import { ZONE_TREE, ZoneNode } from './data/zones.data';
import { Industry } from './industry.entity';
import { Zone } from './zone.entity';

function flatten<T extends CatalogNode | ZoneNode>(
  nodes: T[],
  parentCode: string | null = null,
  out: Array<T & { parentCode: string | null; sortOrder: number }> = [],
) {
  for (const node of nodes) {
    out.push({ ...node, parentCode, sortOrder: out.length });
    flatten((node.children ?? []) as T[], node.code, out);
  }
  return out;
}

/** Loads the plan's reference data; an upsert by code, so it runs at every start and never duplicates. */
export async function seedCatalog(manager: EntityManager): Promise<{ industries: number; zones: number }> {
  const industries = flatten(INDUSTRY_CATALOG).map((n) => ({
    code: n.code,
    name: n.name,
    parentCode: n.parentCode,
    description: n.description ?? null,
    sortOrder: n.sortOrder,
  }));
  const zones = flatten(ZONE_TREE).map((n) => ({
    code: n.code,
    name: n.name,
    kind: n.kind,
    parentCode: n.parentCode,
    description: n.description ?? null,
    sortOrder: n.sortOrder,
  }));
  await manager.getRepository(Industry).upsert(industries, ['code']);
  await manager.getRepository(Zone).upsert(zones, ['code']);
  return { industries: industries.length, zones: zones.length };
}

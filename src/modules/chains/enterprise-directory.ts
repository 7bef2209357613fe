import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ChainEnterprise, ChainEnterpriseNode } from './chain.entity';
import { ChainEnterpriseRecord } from './chain-sheet.columns';

/** Rows per INSERT of a flush (7 columns: far below PostgreSQL's 65,535 parameters). */
const INSERT_CHUNK = 1000;

/** PostgreSQL's btrim(): spaces only, as the stored names are compared. */
const btrim = (name: string) => name.replace(/^ +| +$/g, '');

/**
 * The local enterprises one import may name, read in two queries instead of a few per row, and kept current as the
 * import creates and changes them, so a later row finds what an earlier row of the same file wrote. Its writes are
 * held and flushed together: new enterprises and their chain nodes in a few multi-row INSERTs.
 */
export class EnterpriseDirectory {
  private readonly byCode = new Map<string, ChainEnterprise>();
  private readonly byName = new Map<string, ChainEnterprise[]>();
  private readonly nodes = new Map<string, Set<string>>();
  private readonly created = new Map<string, ChainEnterprise>();
  private readonly relinked = new Set<string>();

  private constructor(
    /** this chain's node ids: the links the import sets; an enterprise's links to other chains are kept */
    private readonly scope: string[],
  ) {}

  /** The enterprises holding any of `codes` or named any of `names`, with their links to the chain's nodes. */
  static async load(codes: string[], names: string[], scope: string[], manager: EntityManager): Promise<EnterpriseDirectory> {
    const directory = new EnterpriseDirectory(scope);
    const found = await manager
      .createQueryBuilder(ChainEnterprise, 'e')
      .where('e.credit_code = ANY(:codes::varchar[]) OR btrim(e.name) = ANY(:names::text[])', { codes, names })
      .orderBy('e.created_at')
      .addOrderBy('e.id')
      .getMany();
    for (const enterprise of found) directory.index(enterprise);
    const links: Array<{ enterpriseId: string; nodeId: string }> = found.length
      ? await manager.query(
          `SELECT enterprise_id AS "enterpriseId", node_id AS "nodeId" FROM chain_enterprise_nodes
           WHERE enterprise_id = ANY($1::uuid[]) AND node_id = ANY($2::uuid[])`,
          [found.map((e) => e.id), scope],
        )
      : [];
    for (const { enterpriseId, nodeId } of links) directory.nodesOf(enterpriseId).add(nodeId);
    return directory;
  }

  /** The enterprise a row names: by its credit code, else the one of its name (with no credit code, when the row gives one). */
  find(values: Partial<ChainEnterpriseRecord>): ChainEnterprise | null | 'ambiguous' {
    if (values.creditCode) {
      const byCode = this.byCode.get(values.creditCode);
      if (byCode) return byCode;
    }
    const byName = (this.byName.get(btrim(values.name!)) ?? []).filter((e) => !values.creditCode || e.creditCode === null);
    return byName.length > 1 ? 'ambiguous' : (byName[0] ?? null);
  }

  /** The enterprise's nodes on this chain. */
  chainNodes(enterpriseId: string): ReadonlySet<string> {
    return this.nodesOf(enterpriseId);
  }

  /** A new enterprise on `nodeIds`, written at `flush`. */
  create(fields: Omit<ChainEnterprise, 'id' | 'createdAt' | 'updatedAt'>, nodeIds: string[]): void {
    const enterprise = Object.assign(new ChainEnterprise(), fields, { id: randomUUID() });
    this.created.set(enterprise.id, enterprise);
    this.index(enterprise);
    this.setNodes(enterprise.id, nodeIds);
  }

  /** Changes a stored or new enterprise's fields; a stored one is saved now (the import's updates are few). */
  async update(enterprise: ChainEnterprise, changed: Partial<ChainEnterprise>, manager: EntityManager): Promise<void> {
    this.unindex(enterprise);
    Object.assign(enterprise, changed);
    this.index(enterprise);
    if (!this.created.has(enterprise.id)) await manager.save(ChainEnterprise, { ...enterprise });
  }

  /** Sets the enterprise's nodes on this chain, written at `flush`. */
  setNodes(enterpriseId: string, nodeIds: string[]): void {
    this.nodes.set(enterpriseId, new Set(nodeIds));
    this.relinked.add(enterpriseId);
  }

  /** Writes the new enterprises and every changed set of chain nodes. */
  async flush(manager: EntityManager): Promise<void> {
    const created = [...this.created.values()];
    for (let i = 0; i < created.length; i += INSERT_CHUNK) await manager.insert(ChainEnterprise, created.slice(i, i + INSERT_CHUNK));
    const stored = [...this.relinked].filter((id) => !this.created.has(id));
    if (stored.length)
      await manager.query(`DELETE FROM chain_enterprise_nodes WHERE enterprise_id = ANY($1::uuid[]) AND node_id = ANY($2::uuid[])`, [
        stored,
        this.scope,
      ]);
    const links = [...this.relinked].flatMap((enterpriseId) => [...this.nodesOf(enterpriseId)].map((nodeId) => ({ enterpriseId, nodeId })));
    for (let i = 0; i < links.length; i += INSERT_CHUNK) await manager.insert(ChainEnterpriseNode, links.slice(i, i + INSERT_CHUNK));
  }

  private nodesOf(enterpriseId: string): Set<string> {
    let nodes = this.nodes.get(enterpriseId);
    if (!nodes) this.nodes.set(enterpriseId, (nodes = new Set()));
    return nodes;
  }

  private index(enterprise: ChainEnterprise): void {
    if (enterprise.creditCode) this.byCode.set(enterprise.creditCode, enterprise);
    const name = btrim(enterprise.name);
    this.byName.set(name, [...(this.byName.get(name) ?? []), enterprise]);
  }

  private unindex(enterprise: ChainEnterprise): void {
    if (enterprise.creditCode && this.byCode.get(enterprise.creditCode) === enterprise) this.byCode.delete(enterprise.creditCode);
    const name = btrim(enterprise.name);
    this.byName.set(
      name,
      (this.byName.get(name) ?? []).filter((e) => e !== enterprise),
    );
  }
}

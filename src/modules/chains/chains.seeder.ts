import { EntityManager } from 'typeorm';
import { ChainNode, IndustryChain } from './chain.entity';
import { CHAIN_CATALOG } from './data/chains.data';

/** Loads the reference chains at every start: adds missing chains and nodes by code, never overwrites an edited one. */
export async function seedChains(manager: EntityManager): Promise<{ chainNodes: number }> {
  const chains = Object.keys(CHAIN_CATALOG).map((industryCode) => ({ industryCode }));
  const nodes = Object.entries(CHAIN_CATALOG).flatMap(([industryCode, seeds]) =>
    seeds.map((seed, sortOrder) => ({ ...seed, industryCode, sortOrder })),
  );
  await manager.createQueryBuilder().insert().into(IndustryChain).values(chains).orIgnore().execute();
  await manager.createQueryBuilder().insert().into(ChainNode).values(nodes).orIgnore().execute();
  return { chainNodes: nodes.length };
}

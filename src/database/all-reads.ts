import type { EntityManager } from 'typeorm';

/** One thunk per read, so a read starts only when its turn comes. */
export type Reads<T extends readonly unknown[]> = { readonly [K in keyof T]: () => T[K] | Promise<T[K]> };

/**
 * Runs independent reads side by side on the pool, or one after another on a manager bound to one connection (a
 * transaction's): its pg client would only queue the second query behind the first, which pg 8 deprecates and pg 9
 * refuses.
 */
export async function allReads<T extends readonly unknown[] | []>(manager: EntityManager | undefined, reads: Reads<T>): Promise<T> {
  if (!manager?.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

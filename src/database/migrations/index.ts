import { Initial1795759103960 } from './1795759103960-Initial';

/** Migrations in order; listed explicitly so the compiled app and Jest (ESM) load the same set. */
export const MIGRATIONS = [Initial1795759103960];

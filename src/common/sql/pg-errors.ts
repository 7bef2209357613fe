import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE for a unique index that refused a row. */
const UNIQUE_VIOLATION = '23505';

/** The driver's fields of a failed query: its SQLSTATE and, for a constraint, its name. */
export function pgErrorOf(error: unknown): { code?: string; constraint?: string } | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
}

/** Whether a write failed on a unique index: any, or the one named (an index name, declared once beside its rule). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driver = pgErrorOf(error);
  return driver?.code === UNIQUE_VIOLATION && (constraint === undefined || driver.constraint === constraint);
}

import { recreateDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

/** A fresh test database per run, built by the migrations alone. */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(TEST_DATABASE_URL);
}

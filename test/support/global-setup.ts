import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureWebBuild } from './web-build';

/**
 * Starts one real PostgreSQL for the whole run (unless TEST_DATABASE_URL points at a server)
 * and tells the workers where it is. Each test file creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  // The apps tests start serve the web pages: built once here when missing or out of date.
  ensureWebBuild();
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-test-'));
  const quiet = { log() {}, debug() {}, warn() {}, error: (m: unknown) => process.stderr.write(`${String(m)}\n`) };
  const db = await startEmbeddedPostgres({
    dataDir,
    logger: quiet as never,
    // A throwaway cluster: durability is not what these tests measure.
    settings: { max_connections: '400', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  process.env.TEST_PG_ADMIN_URL = db.adminUrl('postgres');
  (globalThis as Record<string, unknown>).__cedarTestDb = { db, dataDir };
}

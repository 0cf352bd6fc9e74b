import { rmSync } from 'node:fs';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__cedarTestDb as
    { db: EmbeddedDatabase; dataDir: string } | undefined;
  if (!handle) return;
  await handle.db.stop();
  rmSync(handle.dataDir, { recursive: true, force: true });
}

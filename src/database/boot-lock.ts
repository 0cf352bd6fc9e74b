import { Client, Pool, PoolClient } from 'pg';

/**
 * The lock every instance takes, one at a time, around what a first boot creates: the schema
 * (migrations) and the first admin. A PostgreSQL session advisory lock: instances started at
 * the same moment on an empty database wait for each other instead of racing (two migrators
 * would both create the same tables and all but one would fail to start), and a process that
 * dies holding it releases it with its session. One key for both, so a boot never creates the
 * admin while another instance is still migrating.
 */
export const BOOT_LOCK = 'cedar-heights:migrations';

/** Runs `work` holding the boot lock on `session` (a dedicated client or one taken from a pool). */
export async function withBootLock<T>(session: Client | PoolClient, work: () => Promise<T>): Promise<T> {
  await session.query('SELECT pg_advisory_lock(hashtext($1))', [BOOT_LOCK]);
  try {
    return await work();
  } finally {
    await session.query('SELECT pg_advisory_unlock(hashtext($1))', [BOOT_LOCK]).catch(() => undefined);
  }
}

/**
 * withBootLock on a connection of `pool`, given back afterwards (destroyed if unlocking failed: the lock goes
 * with its session).
 */
export async function withBootLockFrom<T>(pool: Pool, work: () => Promise<T>): Promise<T> {
  const session = await pool.connect();
  let unlocked = false;
  try {
    await session.query('SELECT pg_advisory_lock(hashtext($1))', [BOOT_LOCK]);
    try {
      return await work();
    } finally {
      unlocked = await session.query('SELECT pg_advisory_unlock(hashtext($1))', [BOOT_LOCK]).then(
        () => true,
        () => false,
      );
    }
  } finally {
    session.release(unlocked ? undefined : new Error('boot lock not released: session dropped'));
  }
}

import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, Options } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { READ_MODEL_ENTITIES } from '../../projections';
import { withBootLock } from './boot-lock';

const ormLogger = new Logger('MikroORM');

export function ormOptions(databaseUrl: string, poolSize = 10): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: READ_MODEL_ENTITIES,
    discovery: { requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: poolSize },
    debug: false,
    colors: false,
    logger: (message: string) => ormLogger.log(message),
  });
}

/** Applies pending migrations; the boot lock keeps instances starting at once from racing (see boot-lock.ts). */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    return await withBootLock(lock, async () => {
      const orm = await MikroORM.init(ormOptions(databaseUrl, 2));
      try {
        const applied = await orm.getMigrator().up();
        return applied.map((m) => m.name);
      } finally {
        await orm.close(true);
      }
    });
  } finally {
    await lock.end();
  }
}

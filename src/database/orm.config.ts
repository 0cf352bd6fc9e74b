import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, Options } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { READ_MODEL_ENTITIES } from '../../projections';

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

/** Applies pending migrations; an advisory lock keeps two starting instances from racing. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['cedar-heights:migrations']);
    const orm = await MikroORM.init(ormOptions(databaseUrl, 2));
    try {
      const applied = await orm.getMigrator().up();
      return applied.map((m) => m.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.end();
  }
}

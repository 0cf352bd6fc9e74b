import { MikroORM } from '@mikro-orm/postgresql';
import { migrate, ormOptions } from '../../src/database/orm.config';
import { CheckpointMovedError, Checkpoints } from '../../src/subscriptions/checkpoint.store';
import { clientSql, transactionSql } from '../../src/database/batch-sql';
import { withOrmConnection } from '../../src/database/orm-connections';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('checkpoint moves', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase('checkpoint_moves');
    await migrate(db.url);
    orm = await MikroORM.init(ormOptions(db.url, 2));
  });
  afterAll(async () => {
    await orm.close();
    await db.drop();
  });

  it('move from the position they were at, and refuse to move from any other', async () => {
    await Checkpoints.move(orm.em.fork(), 'alpha', 0, 5);
    await Checkpoints.move(orm.em.fork(), 'alpha', 5, 7);
    await expect(Checkpoints.move(orm.em.fork(), 'alpha', 5, 9)).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await Checkpoints.load(orm.em.fork(), 'alpha')).toBe(7);
  });

  it("commit and roll back with the caller's transaction", async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await Checkpoints.moveCommittingAsynchronously(await transactionSql(em), 'beta', 0, 3);
        await Checkpoints.move(em, 'gamma', 0, 4);
        throw new Error('the rows failed');
      }),
    ).rejects.toThrow('the rows failed');
    expect(await Checkpoints.load(orm.em.fork(), 'beta')).toBe(0);
    expect(await Checkpoints.load(orm.em.fork(), 'gamma')).toBe(0);
    await orm.em
      .fork()
      .transactional(async (em) => Checkpoints.moveCommittingAsynchronously(await transactionSql(em), 'beta', 0, 3));
    expect(await Checkpoints.load(orm.em.fork(), 'beta')).toBe(3);
  });

  it('are prepared once per connection, not parsed and planned on every move', async () => {
    const single = await MikroORM.init(ormOptions(db.url, 1));
    try {
      for (let i = 0; i < 3; i++) await Checkpoints.move(single.em.fork(), 'delta', i, i + 1);
      // the same move through the driver (a saga's) is the same named statement on the connection
      await withOrmConnection(single.em, (c) => Checkpoints.moveOn(clientSql(c), 'epsilon', 0, 1));
      await withOrmConnection(single.em, (c) => Checkpoints.moveOn(clientSql(c), 'epsilon', 1, 2));
      expect(await Checkpoints.load(single.em.fork(), 'epsilon')).toBe(2);
      await expect(
        withOrmConnection(single.em, (c) => Checkpoints.moveOn(clientSql(c), 'epsilon', 1, 3)),
      ).rejects.toBeInstanceOf(CheckpointMovedError);
      await Checkpoints.move(single.em.fork(), 'epsilon', 2, 3);
      await single.em
        .fork()
        .transactional(async (em) => Checkpoints.moveCommittingAsynchronously(await transactionSql(em), 'delta', 3, 4));
      const prepared = await single.em
        .fork()
        .execute<{ statement: string }[]>('SELECT statement FROM pg_prepared_statements');
      expect(prepared.filter((p) => p.statement.includes('INSERT INTO subscription_checkpoints'))).toHaveLength(2);
    } finally {
      await single.close();
    }
  });
});

import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { PasswordTokens } from '../../src/identity/set-password/password-tokens';
import { NotificationOutbox } from '../../src/notifications/notification-outbox';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { createTestDatabase, TestDatabase } from '../support/database';
import { enrollmentApplication } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Which commits wait for their WAL flush. The test cluster commits asynchronously throughout;
 * this database waits for the flush by default, as `npm start`'s server does, and a trigger notes
 * the mode each row of the watched tables was written in (the transaction's `synchronous_commit`).
 * Events always wait; the rows an enrollment's step writes before its append (the welcome
 * emails, the set-password token) do not: the append's flush carries them. A family's subjects
 * are written in their events' own transactions. No checkpoint move waits, a saga's or a read
 * model's: a move lost with a crash of the database is handled or applied again.
 */
const WATCHED = {
  es_events: 'event_id',
  family_subjects: 'subject_id',
  email_outbox: 'idempotency_key',
  password_tokens: 'user_id',
  subscription_checkpoints: 'name',
};

describe('commit modes: what waits for the WAL flush', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let database: TestDatabase;
  let pool: Pool;
  let t: TestApp;
  let admin: string;

  const modes = async (table: keyof typeof WATCHED, keys?: string[]) =>
    (
      await pool.query<{ mode: string }>(
        'SELECT mode FROM commit_modes WHERE tbl = $1 AND ($2::text[] IS NULL OR key = ANY($2::text[]))',
        [table, keys ?? null],
      )
    ).rows.map((r) => r.mode);

  beforeAll(async () => {
    database = await createTestDatabase('commit_modes');
    await migrate(database.url);
    const setup = new Pool({ connectionString: database.url, max: 1 });
    await setup.query(
      `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$`,
    );
    await setup.query(`
      CREATE TABLE commit_modes (tbl text NOT NULL, key text NOT NULL, mode text NOT NULL, xid bigint NOT NULL);
      CREATE FUNCTION note_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO commit_modes
        VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0], current_setting('synchronous_commit'), txid_current());
        RETURN NULL;
      END $$;`);
    for (const [table, key] of Object.entries(WATCHED)) {
      await setup.query(
        // a checkpoint's row is inserted once and moved by updates; the other rows are noted as
        // inserted (an email's later sending updates its row, in a transaction of its own)
        `CREATE TRIGGER note_commit_mode AFTER INSERT ${table === 'subscription_checkpoints' ? 'OR UPDATE ' : ''}` +
          `ON ${table} FOR EACH ROW EXECUTE FUNCTION note_commit_mode('${key}')`,
      );
    }
    await setup.end();
    // new connections from here on: they take the database's setting
    pool = new Pool({ connectionString: database.url, max: 2 });
    t = await startTestApp({ database, clock });
    admin = await t.login();
  });
  afterAll(async () => {
    await pool?.end();
    await t?.close();
  });

  it('an enrollment: every event waits for its flush; the rows its steps write before their appends do not', async () => {
    const teacher = await t.http
      .post('/api/v1/teachers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        firstName: 'Clara',
        lastName: 'Teacher',
        email: `clara-${newId().slice(0, 6)}@example.com`,
        instruments: ['piano'],
        hourlyRate: 80,
        maxStudents: 5,
        availability: { monday: [{ start: '15:00', end: '20:00' }] },
      });
    expect(teacher.status).toBe(201);
    // as this connection sees it: the server waits for the flush unless told otherwise
    expect((await pool.query('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('on');

    const res = await t.http.post('/api/v1/enrollments').send(enrollmentApplication());
    expect(res.status).toBe(202);
    const enrollmentId: string = res.body.enrollmentId;
    let enrollment = { status: 'pending', parentId: '' };
    for (
      const deadline = Date.now() + 15_000;
      ['pending', 'running'].includes(enrollment.status) && Date.now() < deadline;
    ) {
      await t.app.get(SubscriptionsService).waitForAll(15_000);
      enrollment = (await t.http.get(`/api/v1/enrollments/${enrollmentId}`).set('Authorization', `Bearer ${admin}`))
        .body;
    }
    expect(enrollment.status).toBe('completed');

    const events = await modes('es_events');
    expect(events.length).toBeGreaterThan(10);
    expect(new Set(events)).toEqual(new Set(['on']));
    // the enrollment's subjects (it, its student, its demo lesson), each tied to the family in the
    // transaction that appends the event naming it
    const subjects = await pool.query<{ kind: string; mode: string; with_event: boolean }>(
      `SELECT f.kind, s.mode, EXISTS (SELECT 1 FROM commit_modes e WHERE e.tbl = 'es_events' AND e.xid = s.xid) AS with_event
         FROM commit_modes s JOIN family_subjects f ON f.subject_id = s.key
        WHERE s.tbl = 'family_subjects' ORDER BY f.kind`,
    );
    expect(subjects.rows).toEqual(
      ['enrollment', 'lesson', 'student'].map((kind) => ({ kind, mode: 'on', with_event: true })),
    );
    // the welcome step: the parent's and the teacher's email, the parent's set-password token
    expect(
      await modes('email_outbox', [`parent-welcome:${enrollmentId}`, `teacher-new-student:${enrollmentId}`]),
    ).toEqual(['off', 'off']);
    expect(await modes('password_tokens', [enrollment.parentId])).toEqual(['off']);
    // the teacher's welcome appends nothing after its token and email: those wait for their flush
    const others = await pool.query<{ mode: string }>(
      "SELECT mode FROM commit_modes WHERE tbl = 'password_tokens' AND key <> $1",
      [enrollment.parentId],
    );
    expect(others.rows.map((r) => r.mode)).toEqual(['on']);
    // every checkpoint moved meanwhile, the sagas' (the workflow's among them) and the read models'
    const statuses = await t.app.get(SubscriptionsService).statuses();
    const moved = await pool.query<{ key: string; mode: string }>(
      "SELECT DISTINCT key, mode FROM commit_modes WHERE tbl = 'subscription_checkpoints' ORDER BY key",
    );
    const sagas = statuses.filter((s) => s.kind === 'saga').map((s) => s.name);
    const movedSagas = moved.rows.filter((r) => sagas.includes(r.key)).map((r) => r.key);
    expect(movedSagas).toContain('workflow:enrollment');
    expect(moved.rows.filter((r) => r.mode !== 'off')).toEqual([]);
  });

  it('an email or a token asked for with no append after it waits for its flush', async () => {
    const outbox = t.app.get(NotificationOutbox);
    const key = `alone:${newId()}`;
    await outbox.request({ key, to: 'someone@example.com', template: 'password-reset', data: { resetUrl: 'x' } });
    expect(await modes('email_outbox', [key])).toEqual(['on']);

    const userId = newId();
    await t.app.get(PasswordTokens).issue(userId, 'reset-password', newId(), clock.now());
    expect(await modes('password_tokens', [userId])).toEqual(['on']);
    // and the same stores, told an append follows, do not
    const next = `followed:${newId()}`;
    await outbox.request({
      key: next,
      to: 'someone@example.com',
      template: 'password-reset',
      data: { resetUrl: 'x' },
      followedByAppend: true,
    });
    expect(await modes('email_outbox', [next])).toEqual(['off']);
  });
});

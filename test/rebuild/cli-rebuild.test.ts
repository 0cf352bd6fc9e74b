import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { deriveId } from '../../src/shared/ids';
import { ProgressBar } from '../../src/subscriptions/progress-bar';
import { createTestDatabase, TestDatabase } from '../support/database';

const CLI = path.resolve(__dirname, '../../dist/src/cli.js');

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('progress bar', () => {
  it('shows events, events/s and an ETA', () => {
    expect(ProgressBar.line('teachers', { events: 2500, total: 10_000, eventsPerSecond: 500 }, 10)).toBe(
      'teachers [###.......]  25% 2,500/10,000 events  500 events/s  ETA 15s',
    );
    expect(ProgressBar.line('lessons', { events: 100, total: 100_000, eventsPerSecond: 1000 }, 4)).toContain(
      'ETA 1m40s',
    );
    expect(ProgressBar.line('users', { events: 7, total: null, eventsPerSecond: 70 })).toBe(
      'users 7 events  70 events/s',
    );
  });
});

describe('npm run cli -- rebuild', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('npm test builds dist/ first');
    db = await createTestDatabase('cli-rebuild');
    await migrate(db.url);
    const pool = new Pool({ connectionString: db.url, max: 2 });
    const store = new PostgresEventStore(pool);
    const meta = {
      correlationId: 'c',
      causationId: null,
      actor: { id: 'system', role: 'system' as const },
      occurredAt: '2026-11-01T00:00:00.000Z',
      schemaVersion: 1,
    };
    for (let i = 0; i < 30; i++) {
      const teacherId = deriveId('cli-teacher', String(i));
      await store.append(
        `teacher-${teacherId}`,
        [
          {
            eventId: deriveId('cli-event', String(i)),
            type: 'TeacherRegistered',
            data: {
              teacherId,
              userId: null,
              firstName: `T${i}`,
              lastName: 'Cli',
              email: `t${i}@cli.test`,
              instruments: ['piano'],
              hourlyRateCents: 5000,
              maxStudents: 10,
              availability: {},
              bio: null,
            },
            metadata: meta,
          },
        ],
        'no_stream',
      );
    }
    await pool.end();
    dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-cli-'));
    env = {
      DATABASE_URL: db.url,
      PAYMENT_GATEWAY: 'simulated',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      DATA_ENCRYPTION_KEY: 'cli-test-key-cli-test-key-cli-test-key-01',
    };
  }, 60_000);
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('rebuilds with progress on stderr; a corrupted row is reported (exit 3) and fixed by the swap', async () => {
    // 31 events: the first admin's account counts too (the teachers model follows UserRegistered).
    const first = await run(['rebuild', 'teachers'], env);
    expect(first.stderr).toMatch(/teachers \[#+\] 100% 31\/31 events {2}[\d,]+ events\/s {2}ETA 0s/);
    expect(first.stdout).toContain('teachers: rebuilt from 31 events');
    expect(first.stdout).toContain('teachers: 30 rows, identical to the replaced model');
    expect(first.code).toBe(0);

    const victim = deriveId('cli-teacher', '7');
    const pool = new Pool({ connectionString: db.url, max: 1 });
    await pool.query("UPDATE teachers SET first_name = 'Tampered' WHERE id = $1", [victim]);
    const second = await run(['rebuild', 'teachers'], env);
    expect(second.stdout).toContain(
      'teachers: 1 rows differed from the replaced model (1 changed, 0 only in the old, 0 only in the rebuilt); first keys:',
    );
    expect(second.stdout).toContain(`    ${victim} (changed)`);
    expect(second.code).toBe(3);
    expect((await pool.query('SELECT first_name FROM teachers WHERE id = $1', [victim])).rows).toEqual([
      { first_name: 'T7' },
    ]);
    await pool.end();

    const third = await run(['rebuild', 'teachers'], env);
    expect(third.stdout).toContain('teachers: 30 rows, identical to the replaced model');
    expect(third.code).toBe(0);
  }, 180_000);

  it('names an unknown projection (exit 64)', async () => {
    const res = await run(['rebuild', 'nope'], env);
    expect(res.code).toBe(64);
    expect(res.stderr).toContain('unknown projection(s): nope');
  }, 60_000);
});

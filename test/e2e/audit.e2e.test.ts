import { CommandBus } from '@nestjs/cqrs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runExport, runVerify } from '../../src/audit/audit-cli';
import { verifyExportFile } from '../../src/audit/log-export';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { CredentialsStore } from '../../src/identity/credentials.store';
import { hashPassword } from '../../src/identity/passwords';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { Role } from '../../src/identity/user.events';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('audit log over HTTP', () => {
  const clock = new ManualClock(new Date('2026-10-05T14:00:00Z'));
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let parent: string;
  let teacherId: string;
  let registeredAt: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'cedar-audit-'));

  const get = (token: string, url: string) => t.http.get(url).set('Authorization', `Bearer ${token}`);

  const emails: Partial<Record<Role, string>> = {};
  /** Tokens expire by the app's clock: after moving it, everyone signs in again. */
  async function moveClock(at: string): Promise<void> {
    clock.set(at);
    admin = await t.login();
    auditor = await t.login(emails.auditor!, 'a-long-enough-password');
    parent = await t.login(emails.parent!, 'a-long-enough-password');
  }

  async function user(role: Role): Promise<string> {
    const email = `${role}-${newId().slice(0, 8)}@example.com`;
    emails[role] = email;
    const userId = newId();
    await t.app.get(CredentialsStore).set(userId, await hashPassword('a-long-enough-password'));
    await t.app
      .get(CommandBus)
      .execute(
        new RegisterUser(
          { userId, email, role, displayName: role, teacherId: null },
          t.app.get(CommandContextFactory).create(),
        ),
      );
    await t.app.get(SubscriptionsService).waitForAll(5000);
    return t.login(email, 'a-long-enough-password');
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    auditor = await user('auditor');
    parent = await user('parent');
    await moveClock('2026-10-05T15:00:00Z');
    registeredAt = clock.now().toISOString();
    const res = await t.http
      .post('/api/v1/teachers')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        firstName: 'Clara',
        lastName: 'Keys',
        email: `clara-${newId().slice(0, 8)}@example.com`,
        instruments: ['piano'],
        hourlyRate: 80,
        availability: { monday: [{ start: '15:00', end: '20:00' }] },
      });
    expect(res.status).toBe(201);
    teacherId = res.body.id;
    await moveClock('2026-10-06T09:00:00Z');
    const changed = await t.http
      .put(`/api/v1/teachers/${teacherId}/availability`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ availability: { tuesday: [{ start: '10:00', end: '12:00' }] } });
    expect(changed.status).toBe(200);
    await t.app.get(SubscriptionsService).waitForAll(5000);
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is for admins and auditors only', async () => {
    for (const url of [
      '/api/v1/audit/events',
      `/api/v1/audit/streams/teacher-${teacherId}`,
      '/api/v1/audit/verify',
      `/api/v1/audit/correlations/${newId()}`,
    ]) {
      expect((await get(parent, url)).status).toBe(403);
      expect((await t.http.get(url)).status).toBe(401);
    }
    expect((await get(admin, '/api/v1/audit/events')).status).toBe(200);
  });

  it('lists the log in global order, as stored, with hashes, filtered and paged by cursor', async () => {
    const all = await get(auditor, '/api/v1/audit/events?limit=1000');
    expect(all.status).toBe(200);
    const positions = all.body.events.map((e: { position: number }) => e.position);
    expect(positions).toEqual([...positions].sort((a: number, b: number) => a - b));
    const registered = all.body.events.find((e: { type: string }) => e.type === 'TeacherRegistered');
    expect(registered).toMatchObject({
      streamId: `teacher-${teacherId}`,
      streamPosition: 0,
      prevHash: null,
      data: { teacherId },
    });
    expect(registered.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(registered.metadata).toMatchObject({ occurredAt: registeredAt, actor: { role: 'admin' } });

    const byType = await get(auditor, '/api/v1/audit/events?type=TeacherAvailabilityChanged');
    expect(byType.body.events.map((e: { streamId: string }) => e.streamId)).toEqual([`teacher-${teacherId}`]);
    const byStream = await get(auditor, `/api/v1/audit/events?streamId=teacher-${teacherId}`);
    expect(byStream.body.events.map((e: { type: string }) => e.type)).toEqual([
      'TeacherRegistered',
      'TeacherAvailabilityChanged',
    ]);
    const byActor = await get(auditor, `/api/v1/audit/events?actor=${registered.metadata.actor.id}&limit=1000`);
    expect(byActor.body.events.length).toBeGreaterThan(1);
    expect(
      byActor.body.events.every(
        (e: { metadata: { actor: { id: string } } }) => e.metadata.actor.id === registered.metadata.actor.id,
      ),
    ).toBe(true);
    const byTime = await get(auditor, '/api/v1/audit/events?from=2026-10-06T00:00:00Z&to=2026-10-07T00:00:00%2B00:00');
    expect(byTime.body.events.map((e: { type: string }) => e.type)).toEqual(['TeacherAvailabilityChanged']);

    // Paging: pages of 3 put back together give the whole log.
    const seen: number[] = [];
    let next: string | null = null;
    do {
      const page: { body: { events: { position: number }[]; next: string | null } } = await get(
        auditor,
        `/api/v1/audit/events?limit=3${next ? `&after=${next}` : ''}`,
      );
      seen.push(...page.body.events.map((e) => e.position));
      next = page.body.next;
    } while (next);
    expect(seen).toEqual(positions);
    // A plain global position works as `after` too.
    const afterFirst = await get(auditor, `/api/v1/audit/events?after=${positions[0]}&limit=1`);
    expect(afterFirst.body.events[0].position).toBe(positions[1]);
  });

  it('refuses malformed cursors and filters with 400', async () => {
    for (const q of [
      'after=not-a-cursor',
      'after=%7B%7D',
      'limit=0',
      'limit=5000',
      'from=yesterday',
      'from=2026-10-06',
      'from=2026-10-07T00:00:00Z&to=2026-10-06T00:00:00Z',
      'colour=red',
    ]) {
      const res = await get(auditor, `/api/v1/audit/events?${q}`);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });

  it('shows a stream and the state its decider folds, now and as of a moment or a position', async () => {
    const stream = `teacher-${teacherId}`;
    const now = await get(auditor, `/api/v1/audit/streams/${stream}`);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ streamId: stream, aggregate: 'teacher', revision: 1, asOf: null });
    expect(now.body.state).toMatchObject({
      status: 'active',
      teacherId,
      availability: { tuesday: [{ start: '10:00', end: '12:00' }] },
    });

    const before = await get(auditor, `/api/v1/audit/streams/${stream}?asOf=2026-10-05T20:00:00-03:00`);
    expect(before.status).toBe(200);
    expect(before.body.events.map((e: { type: string }) => e.type)).toEqual(['TeacherRegistered']);
    expect(before.body.state).toMatchObject({
      status: 'active',
      availability: { monday: [{ start: '15:00', end: '20:00' }] },
    });
    expect(before.body.state.availability.tuesday ?? []).toEqual([]);

    const atFirst = await get(auditor, `/api/v1/audit/streams/${stream}?asOf=${now.body.events[0].position}`);
    expect(atFirst.body).toMatchObject({ revision: 0, asOf: { position: now.body.events[0].position } });
    const beforeAll = await get(auditor, `/api/v1/audit/streams/${stream}?asOf=2026-10-01T00:00:00Z`);
    expect(beforeAll.body).toMatchObject({ revision: -1, events: [], state: { status: 'none' } });
  });

  it('answers 404 for an unknown stream, 400 for an asOf in the future or malformed', async () => {
    expect((await get(auditor, `/api/v1/audit/streams/teacher-${newId()}`)).status).toBe(404);
    const stream = `teacher-${teacherId}`;
    const future = await get(auditor, `/api/v1/audit/streams/${stream}?asOf=2026-10-06T09:00:01Z`);
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/future/);
    expect((await get(auditor, `/api/v1/audit/streams/${stream}?asOf=999999999999999`)).status).toBe(400);
    expect((await get(auditor, `/api/v1/audit/streams/${stream}?asOf=last-tuesday`)).status).toBe(400);
    expect((await get(auditor, `/api/v1/audit/streams/${stream}?asOf=2026-10-05T12:00`)).status).toBe(400);
  });

  it('shows everything one request caused, across streams', async () => {
    const stream = await get(auditor, `/api/v1/audit/streams/teacher-${teacherId}`);
    const correlationId = stream.body.events[0].metadata.correlationId;
    const res = await get(auditor, `/api/v1/audit/correlations/${correlationId}`);
    expect(res.status).toBe(200);
    expect(res.body.correlationId).toBe(correlationId);
    expect(res.body.streams).toEqual(expect.arrayContaining([`teacher-${teacherId}`]));
    expect(res.body.streams.some((s: string) => s.startsWith('email-'))).toBe(true);
    expect(
      res.body.events.every((e: { metadata: { correlationId: string } }) => e.metadata.correlationId === correlationId),
    ).toBe(true);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['EmailClaimed', 'TeacherRegistered']),
    );
    expect((await get(auditor, `/api/v1/audit/correlations/${newId()}`)).status).toBe(404);
  });

  it('exports the log from the CLI and the copy verifies offline', async () => {
    const file = path.join(dir, 'log.ndjson');
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const said: string[] = [];
    try {
      expect(await runExport(t.app, ['--out', file], (l) => said.push(l))).toBe(0);
    } finally {
      err.mockRestore();
    }
    const total = (await get(auditor, '/api/v1/audit/events?limit=1000')).body.events.length;
    expect(said[0]).toMatch(new RegExp(`^exported ${total} events`));
    expect(await verifyExportFile(file)).toMatchObject({ ok: true, eventsChecked: total });
  });

  it('verifies every chain, and names the event a tamperer altered', async () => {
    const ok = await get(auditor, '/api/v1/audit/verify');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true });
    const said0: string[] = [];
    const err0 = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(
        await runVerify(
          async () => t.app,
          [],
          (l) => said0.push(l),
        ),
      ).toBe(0);
    } finally {
      err0.mockRestore();
    }
    expect(said0[0]).toMatch(/^ok: \d+ events in \d+ streams/);
    expect(ok.body.eventsChecked).toBeGreaterThan(5);

    const stream = await get(auditor, `/api/v1/audit/streams/teacher-${teacherId}`);
    const target = stream.body.events[0];
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query(`UPDATE es_events SET data = jsonb_set(data, '{hourlyRateCents}', '1') WHERE event_id = $1`, [
      target.eventId,
    ]);
    await db.end();
    const broken = await get(auditor, '/api/v1/audit/verify');
    expect(broken.body).toMatchObject({
      ok: false,
      firstBroken: {
        eventId: target.eventId,
        streamId: `teacher-${teacherId}`,
        streamPosition: 0,
        position: target.position,
      },
    });
    expect(broken.body.eventsChecked).toBeLessThan(ok.body.eventsChecked);

    // The CLI's verify says the same, and fails.
    const said: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(
        await runVerify(
          async () => t.app,
          [],
          (l) => said.push(l),
        ),
      ).toBe(1);
    } finally {
      err.mockRestore();
    }
    expect(said[0]).toContain(
      `BROKEN: event ${target.eventId} (TeacherRegistered) of stream teacher-${teacherId} at stream position 0`,
    );
  });
});

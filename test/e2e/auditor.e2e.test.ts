import { CommandBus } from '@nestjs/cqrs';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { runExport } from '../../src/audit/audit-cli';
import { CommandContextFactory } from '../../src/cqrs/command-context.factory';
import { CredentialsStore } from '../../src/identity/credentials.store';
import { hashPassword } from '../../src/identity/passwords';
import { RegisterUser } from '../../src/identity/register-user/register-user.command';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

const run = promisify(execFile);
const REFERENCE = path.join(__dirname, '../../docs/examples/verify-log.mjs');

/** Runs the reference verifier, which imports nothing of the product. */
async function referenceVerify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [REFERENCE, ...args]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

interface LoggedEvent {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * An auditor's run on a populated academy, with only what docs/audit.md and docs/events.md
 * give: export the log, verify it with a tool of their own, replay the money from the events
 * alone and compare with the reports, keep the head, and notice a removal against it.
 */
describe('an auditor checks the academy from the documentation alone', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let forgottenFamily: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'cedar-auditor-'));
  const as = <T extends { set(k: string, v: string): T }>(req: T, token: string) =>
    req.set('Authorization', `Bearer ${token}`);
  const settle = () => t.app.get(SubscriptionsService).waitForAll(20_000);

  async function enroll(): Promise<{ studentId: string; parentId: string }> {
    const res = await t.http.post('/api/v1/enrollments').send({
      studentFirstName: 'Zoë',
      studentLastName: 'Ng',
      studentDateOfBirth: '2015-03-02',
      parentFirstName: 'Ana',
      parentLastName: 'Ng',
      parentEmail: `ana-${newId().slice(0, 8)}@example.com`,
      parentPhone: '+19025550199',
      instrument: 'piano',
      preferredLessonDay: 'monday',
      preferredLessonTime: 'afternoon',
      paymentToken: 'pm_card_visa',
      agreedToTerms: true,
    });
    expect(res.status).toBe(202);
    await settle();
    const e = (await as(t.http.get(`/api/v1/enrollments/${res.body.enrollmentId}`), admin)).body;
    expect(e.status).toBe('completed');
    return { studentId: e.studentId, parentId: e.parentId };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    admin = await t.login();
    const email = `auditor-${newId().slice(0, 8)}@example.com`;
    const userId = newId();
    await t.app.get(CredentialsStore).set(userId, await hashPassword('a-long-enough-password'));
    await t.app
      .get(CommandBus)
      .execute(
        new RegisterUser(
          { userId, email, role: 'auditor', displayName: 'Auditor', teacherId: null },
          t.app.get(CommandContextFactory).create(),
        ),
      );
    await settle();
    auditor = await t.login(email, 'a-long-enough-password');
    await as(t.http.post('/api/v1/teachers'), admin).send({
      firstName: 'Clara',
      lastName: 'Schumann',
      email: `clara-${newId().slice(0, 6)}@example.com`,
      instruments: ['piano'],
      hourlyRate: 80,
      maxStudents: 10,
      availability: { monday: [{ start: '15:00', end: '20:00' }] },
    });
    const a = await enroll();
    const b = await enroll();
    forgottenFamily = a.parentId;
    const pay = (studentId: string, amount: number, paymentMethodId = 'pm_card_visa') =>
      as(t.http.post('/api/v1/payments/process'), admin).send({
        studentId,
        amount,
        description: 'Lessons',
        paymentMethodId,
      });
    await pay(a.studentId, 45);
    const refunded = (await pay(b.studentId, 60)).body.paymentId;
    await pay(b.studentId, 30, 'pm_card_chargeDeclined');
    await settle();
    expect(
      (await as(t.http.post(`/api/v1/payments/${refunded}/refund`), admin).send({ amount: 20.5, reason: 'one lesson' }))
        .status,
    ).toBe(200);
    await settle();
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events = (file: string): LoggedEvent[] =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((l) => JSON.parse(l) as LoggedEvent);
  let kept: Record<string, unknown>;
  let file: string;

  it('keeps the head, exports the log, and verifies it with a verifier that imports nothing of the product', async () => {
    const head = await as(t.http.get('/api/v1/audit/head'), auditor);
    expect(head.status).toBe(200);
    kept = head.body;
    file = path.join(dir, 'log.ndjson');
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runExport(t.app, ['--out', file], () => undefined)).toBe(0);
    } finally {
      err.mockRestore();
    }
    expect(
      readFileSync(REFERENCE, 'utf8')
        .match(/from '([^']+)'/g)!
        .every((m) => /from 'node:/.test(m)),
    ).toBe(true);
    const headFile = path.join(dir, 'head.json');
    writeFileSync(headFile, JSON.stringify(kept));
    const verified = await referenceVerify(file, '--head', headFile);
    expect(verified).toMatchObject({ code: 0, out: expect.stringMatching(/^ok: \d+ events/) });
    expect(events(file).some((e) => JSON.stringify(e.data).includes('pii:1:'))).toBe(true);
  });

  it('replays the money from the events alone and finds the revenue report and the ledgers agree', async () => {
    const log = events(file);
    const cents = (type: string) =>
      log.filter((e) => e.type === type).reduce((sum, e) => sum + (e.data.amountCents as number), 0);
    // The ledger's postings (docs/events.md): amounts in integer cents; the API speaks dollars.
    const charged = cents('ChargePosted');
    const refunded = cents('RefundPosted');
    expect([charged, refunded]).toEqual([10_500, 2_050]);
    // The payments' own outcomes say the same (PaymentFailed carries no amount: nothing was charged).
    expect(cents('PaymentSucceeded')).toBe(charged);
    expect(cents('PaymentRefunded')).toBe(refunded);

    const report = await as(t.http.get('/api/v1/reports/revenue?from=2026-10-01&to=2026-10-31'), auditor);
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual({
      charged: charged / 100,
      refunded: refunded / 100,
      net: (charged - refunded) / 100,
      charges: 2,
      refunds: 1,
    });
    const ledger = await as(t.http.get('/api/v1/payments/ledger?limit=200'), auditor);
    expect(ledger.status).toBe(200);
    expect(ledger.body.totals).toEqual({ charged: 105, refunded: 20.5, balance: 84.5 });
    // A family is its parent's user id: each family's ledger replays from its own postings.
    for (const parentId of new Set(
      log.filter((e) => e.type === 'ChargePosted').map((e) => e.data.parentId as string),
    )) {
      const own = log.filter((e) => e.data.parentId === parentId);
      const sum = (type: string) =>
        own.filter((e) => e.type === type).reduce((s, e) => s + (e.data.amountCents as number), 0) / 100;
      const body = (await as(t.http.get(`/api/v1/payments/ledger?parentId=${parentId}`), auditor)).body;
      expect(body.totals).toEqual({
        charged: sum('ChargePosted'),
        refunded: sum('RefundPosted'),
        balance: sum('ChargePosted') - sum('RefundPosted'),
      });
    }
  });

  it('reads the log as stored from the API, several types in one filter, and those pages verify too', async () => {
    const typed = await as(t.http.get('/api/v1/audit/events?type=ChargePosted,RefundPosted&limit=1000'), auditor);
    expect(typed.body.events.map((e: LoggedEvent) => e.type).sort()).toEqual([
      'ChargePosted',
      'ChargePosted',
      'RefundPosted',
    ]);
    expect((await as(t.http.get('/api/v1/audit/events?type=Charge%20Posted'), auditor)).status).toBe(400);

    const stored: unknown[] = [];
    let after: string | null = null;
    do {
      const page: { body: { events: unknown[]; next: string | null } } = await as(
        t.http.get(`/api/v1/audit/events?as=stored&limit=50${after ? `&after=${after}` : ''}`),
        auditor,
      );
      stored.push(...page.body.events);
      after = page.body.next;
    } while (after);
    const fromApi = path.join(dir, 'api.ndjson');
    const header = { format: 'cedar-heights-event-log', version: 1, filter: null, after: null };
    writeFileSync(
      fromApi,
      [header, ...stored, { end: true, events: stored.length }].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    expect(await referenceVerify(fromApi, '--head', JSON.stringify(kept))).toMatchObject({ code: 0 });
    // The default view decrypts personal data, which is not what the hash covers.
    const plain = (await as(t.http.get('/api/v1/audit/events?type=EnrollmentSubmitted'), auditor)).body.events;
    expect(JSON.stringify(plain)).not.toContain('pii:1:');
    const swapped = stored.map(
      (e) => plain.find((p: { eventId: string }) => p.eventId === (e as { eventId: string }).eventId) ?? e,
    );
    const decrypted = path.join(dir, 'decrypted.ndjson');
    writeFileSync(
      decrypted,
      [header, ...swapped, { end: true, events: swapped.length }].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    expect((await referenceVerify(decrypted)).code).toBe(1);
  });

  it('tells erased personal data from live data without any key: its family has a FamilyForgotten', async () => {
    expect((await as(t.http.post(`/api/v1/admin/families/${forgottenFamily}/forget`), admin).send()).status).toBe(200);
    await settle();
    const read = async (stored: boolean) =>
      (await as(t.http.get(`/api/v1/audit/events?limit=1000${stored ? '&as=stored' : ''}`), auditor)).body
        .events as LoggedEvent[];
    const [stored, plain] = [await read(true), await read(false)];
    const forgotten = new Set(stored.filter((e) => e.type === 'FamilyForgotten').map((e) => e.data.familyId as string));
    expect([...forgotten]).toEqual([forgottenFamily]);
    // Every encrypted value (docs/audit.md §6), beside what the decrypting view shows for it.
    const pairs: [string, unknown][] = [];
    const walk = (s: unknown, p: unknown): void => {
      if (typeof s === 'string' && s.startsWith('pii:1:')) pairs.push([s, p]);
      else if (s && typeof s === 'object')
        for (const k of Object.keys(s))
          walk((s as Record<string, unknown>)[k], (p as Record<string, unknown> | null)?.[k]);
    };
    stored.forEach((e, i) => walk(e.data, plain[i].data));
    expect(pairs.length).toBeGreaterThan(4);
    for (const [token, shown] of pairs) {
      const family = /^pii:1:([0-9a-f-]{36}):[A-Za-z0-9_-]+$/.exec(token)![1];
      expect(shown === '[erased]').toBe(forgotten.has(family));
    }
    expect(pairs.some(([token]) => token.includes(forgottenFamily))).toBe(true);
    expect(pairs.some(([token]) => !token.includes(forgottenFamily))).toBe(true);
  });

  it('notices the last event of a stream removed, against the head kept earlier, though every chain still holds', async () => {
    const {
      position,
      events: count,
      streams,
      digest,
    } = kept as { position: number; events: number; streams: number; digest: string };
    const query = `position=${position}&events=${count}&streams=${streams}&digest=${digest}`;
    expect((await as(t.http.get(`/api/v1/audit/verify?${query}`), auditor)).body).toMatchObject({
      ok: true,
      headCheck: { ok: true },
    });
    expect((await as(t.http.get(`/api/v1/audit/verify?position=${position}`), auditor)).status).toBe(400);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    // The newest event the head covers among those that end their stream: nothing after it shows the gap.
    const { rowCount } = await db.query(
      `WITH victim AS (SELECT e.position FROM es_events e JOIN es_streams s ON s.stream_id = e.stream_id AND s.revision = e.stream_position
                        WHERE e.position <= $1 ORDER BY e.position DESC LIMIT 1),
            gone AS (DELETE FROM es_events WHERE position = (SELECT position FROM victim) RETURNING stream_id, stream_position)
       UPDATE es_streams s SET revision = g.stream_position - 1 FROM gone g WHERE s.stream_id = g.stream_id`,
      [position],
    );
    expect(rowCount).toBe(1);
    await db.end();
    const plain = await as(t.http.get('/api/v1/audit/verify'), auditor);
    expect(plain.body).toMatchObject({ ok: true });
    const checked = await as(t.http.get(`/api/v1/audit/verify?${query}`), auditor);
    expect(checked.body).toMatchObject({
      ok: false,
      headCheck: { ok: false, reason: expect.stringMatching(/events were removed/) },
    });
  });
});

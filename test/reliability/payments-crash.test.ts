import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { crashSeed, KillableApp, MAIN, seeded, settled, until, workInFlight } from './killable-app';
import { portFrom } from '../support/ports';

/**
 * Payments survive kill -9: the built app runs as a child process; enrollments, charges (cards that
 * pay, soft-decline and hard-decline) and refunds are sent while the app is killed at seeded random
 * moments, both with requests in flight and after a request is accepted, while its workflow runs.
 * The app catches every subscription up before it listens, so every kill follows work submitted
 * just before it, and the database is read right after each kill to count the kills that found
 * work unfinished (at least 80 % must). Every request is retried
 * with its Idempotency-Key until answered. Then: every workflow ended exactly once as its card
 * dictates, the gateway charged each attempt at most once (every call is logged), each email was queued once, every
 * projection rebuilt from position 0 is identical to the live one, and the audit chains verify.
 */
const ADMIN = { email: 'paycrash@cedarheights.test', password: 'paycrash-password-1' };
const SEED = crashSeed('payments crash suite', 0x5eed_2026);
const ENROLLMENTS = 5;
/** payment i is charged to CARDS[i % 4] */
const CARDS = ['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_visa', 'pm_card_chargeDeclinedStolenCard'] as const;
/** a kill per enrollment, per 3 payments and per refund: 30 payments make 17 kills in all; CRASH_PAYMENTS=60 makes 27 */
const PAYMENTS = 3 * Math.max(1, Math.ceil(Number(process.env.CRASH_PAYMENTS ?? 30) / 3));
const REFUNDS = 2;
const KILLS = ENROLLMENTS + PAYMENTS / 3 + REFUNDS;
/** a kill after an accepted request comes within this: its workflow runs for some tens of ms */
const AFTER_ACCEPT_MS = 60;
const EXPECTED = {
  pm_card_visa: 'succeeded',
  pm_card_chargeDeclined: 'pending',
  pm_card_chargeDeclinedStolenCard: 'failed',
} as const;

describe('payments survive kill -9', () => {
  let database: TestDatabase;
  let dataDir: string;
  let app: KillableApp;
  const api = (method: string, url: string, body?: unknown, token?: string, key?: string) =>
    app.api(method, url, body, token, key);
  /** a kill while the request is served (it is sent again once the app is back) */
  const underFire = <T>(request: Promise<T>) => app.underFire(request);
  /** the request answered, then a kill while the workflow it started runs */
  const thenKill = async <T>(request: Promise<T>) => {
    const answer = await request;
    await app.cycle(AFTER_ACCEPT_MS, 'a request answered, its workflow running');
    return answer;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('npm test builds dist/ first');
    database = await createTestDatabase('paycrash');
    dataDir = mkdtempSync(path.join(tmpdir(), 'cedar-paycrash-'));
    app = new KillableApp(
      await portFrom('paymentsCrash'),
      {
        DATABASE_URL: database.url,
        PAYMENT_GATEWAY: 'simulated',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        ENROLLMENT_RATE_LIMIT_PER_MINUTE: '100000',
        JWT_SECRET: 'payments-crash-suite-jwt-secret-0123456789',
        DATA_ENCRYPTION_KEY: 'payments-crash-suite-data-key-0123456789',
      },
      seeded(SEED),
    );
    app.probe = () => workInFlight(database.url);
  });
  afterAll(async () => {
    if (app?.running) await app.kill();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `charges, refunds and enrolls exactly once through ${KILLS} kills`,
    async () => {
      const began = Date.now();
      await app.start();
      const token = (await api('POST', '/api/v1/auth/login', ADMIN)).body.accessToken as string;
      expect(token).toEqual(expect.any(String));
      const teacher = await api(
        'POST',
        '/api/v1/teachers',
        {
          firstName: 'Clara',
          lastName: 'Keys',
          email: 'clara@paycrash.test',
          instruments: ['piano'],
          hourlyRate: 70,
          maxStudents: 30,
          availability: {
            monday: [{ start: '09:00', end: '21:00' }],
            wednesday: [{ start: '09:00', end: '21:00' }],
            saturday: [{ start: '09:00', end: '17:00' }],
          },
        },
        token,
        'teacher-clara',
      );
      expect(teacher.status).toBe(201);

      // 1. Enrollments, the first with a kill while it is served, the others killed once accepted while their workflows run.
      const enrollmentIds: string[] = [];
      for (let i = 0; i < ENROLLMENTS; i++) {
        const request = api(
          'POST',
          '/api/v1/enrollments',
          {
            studentFirstName: `Kid${i}`,
            studentLastName: 'Paycrash',
            studentDateOfBirth: '2015-03-03',
            parentFirstName: 'Pat',
            parentLastName: `Paycrash${i}`,
            parentEmail: `parent${i}@paycrash.test`,
            parentPhone: '9025550100',
            instrument: 'piano',
            preferredLessonDay: i % 2 ? 'monday' : 'wednesday',
            lessonDuration: 30,
            paymentToken: i === 4 ? 'pm_card_chargeDeclined' : 'pm_card_visa',
            agreedToTerms: true,
          },
          undefined,
          `enroll-${i}`,
        );
        const res = i === 0 ? await underFire(request) : await thenKill(request);
        expect({ i, status: res.status }).toEqual({ i, status: 202 });
        enrollmentIds.push(res.body.enrollmentId as string);
      }
      const studentIds: string[] = [];
      await until('enrollments to complete', async () => {
        const views = await Promise.all(
          enrollmentIds.map(async (id) => (await api('GET', `/api/v1/enrollments/${id}`, undefined, token)).body),
        );
        studentIds.splice(0, studentIds.length, ...views.map((v) => v.studentId as string));
        return views.every((v) => v.status === 'completed');
      });

      // 2. Payments, three at a time, each batch with a kill: while they are served (every fifth batch), or once accepted, while they are charged.
      const payments: { id: string; card: (typeof CARDS)[number]; cents: number }[] = [];
      for (let batch = 0; batch < PAYMENTS / 3; batch++) {
        const sent = [0, 1, 2].map((j) => {
          const i = batch * 3 + j;
          const card = CARDS[i % CARDS.length];
          const amount = 40 + i;
          const body = {
            studentId: studentIds[i % ENROLLMENTS],
            amount,
            paymentMethodId: card,
            description: `Lessons ${i}`,
          };
          return api('POST', '/api/v1/payments/process', body, token, `pay-${i}`).then((res) => ({
            i,
            card,
            cents: amount * 100,
            res,
          }));
        });
        for (const { i, card, cents, res } of await (batch % 5 === 0
          ? underFire(Promise.all(sent))
          : thenKill(Promise.all(sent)))) {
          expect({ i, status: res.status, body: res.status === 202 ? null : res.body }).toEqual({
            i,
            status: 202,
            body: null,
          });
          payments.push({ id: res.body.paymentId as string, card, cents });
        }
      }
      const paid = payments.filter((p) => p.card === 'pm_card_visa');
      await until('paid payments to succeed', async () => {
        const views = await Promise.all(
          paid.map(async (p) => (await api('GET', `/api/v1/payments/${p.id}`, undefined, token)).body),
        );
        return views.every((v) => v.status === 'succeeded');
      });

      // 3. Refunds, a partial one with a kill in flight, a full one killed once answered while it is posted.
      const refunds = [
        { payment: paid[0], cents: 1000 },
        { payment: paid[1], cents: paid[1].cents },
      ];
      for (const [i, r] of refunds.entries()) {
        const res = await (i === 0 ? underFire : thenKill)(
          api(
            'POST',
            `/api/v1/payments/${r.payment.id}/refund`,
            { amount: r.cents / 100, reason: 'crash suite' },
            token,
            `refund-${i}`,
          ),
        );
        expect({ i, status: res.status }).toEqual({ i, status: 200 });
      }
      expect(refunds).toHaveLength(REFUNDS);
      expect(app.cycles).toBe(KILLS);
      process.stderr.write(`payments crash suite: ${app.killSummary()}\n`);
      expect(app.kills).toHaveLength(KILLS);
      // A kill while a request is served may come before it reached the database: the floor is on
      // the kills that follow an accepted request (80 %), and lower on all of them (70 %).
      const afterAccepted = app.kills.filter((k) => k.after !== 'a request being served');
      expect(afterAccepted.filter((k) => k.hit).length).toBeGreaterThanOrEqual(Math.ceil(0.8 * afterAccepted.length));
      expect(app.hits).toBeGreaterThanOrEqual(Math.ceil(0.7 * KILLS));

      // Settled: every payment where its card leaves it, every subscription caught up, nothing parked.
      const expectedStatus = (p: (typeof payments)[number]) =>
        p === refunds[1].payment ? 'refunded' : EXPECTED[p.card];
      let views: Record<string, unknown>[] = [];
      await until('payments to settle', async () => {
        views = await Promise.all(
          payments.map(async (p) => (await api('GET', `/api/v1/payments/${p.id}`, undefined, token)).body),
        );
        return views.every(
          (v, i) =>
            v.status === expectedStatus(payments[i]) &&
            (v.status === 'pending' ? v.nextRetryAt !== null : true) &&
            (EXPECTED[payments[i].card] === 'succeeded' ? v.receiptSent === true : true),
        );
      });
      expect(views.map((v) => [v.status, v.attempts])).toEqual(payments.map((p) => [expectedStatus(p), 1]));
      expect(views.map((v) => v.refundedAmount)).toEqual(
        payments.map((p) => (refunds.find((r) => r.payment === p)?.cents ?? 0) / 100),
      );
      let subscriptions: { name: string; kind: string; lagSeconds: number; parked: number }[] = [];
      await until('subscriptions to catch up', async () => {
        subscriptions = (await api('GET', '/api/v1/admin/projections', undefined, token)).body
          .items as typeof subscriptions;
        return subscriptions.every((s) => s.lagSeconds === 0);
      });
      expect(subscriptions.filter((s) => s.parked !== 0)).toEqual([]);
      // Settled means nothing unfinished: the probe read at each kill does not count work that never ends.
      await until('the emails to be sent', () => settled(database.url), 15_000);

      const db = new Client({ connectionString: database.url });
      await db.connect();
      try {
        const rows = async (sql: string, params: unknown[] = []) =>
          (await db.query(sql, params)).rows as Record<string, unknown>[];

        // Every workflow step once: per enrollment, per payment, per refund.
        const enrollmentCounts = await rows(
          `SELECT type, count(*)::int AS n, count(DISTINCT data->>'enrollmentId')::int AS d FROM es_events WHERE type IN ('StudentEnrolled','DemoScheduled','EnrollmentCompleted') GROUP BY type ORDER BY type`,
        );
        expect(enrollmentCounts).toEqual(
          ['DemoScheduled', 'EnrollmentCompleted', 'StudentEnrolled'].map((type) => ({
            type,
            n: ENROLLMENTS,
            d: ENROLLMENTS,
          })),
        );
        const byKind = {
          succeeded: paid.length,
          soft: payments.filter((p) => p.card === 'pm_card_chargeDeclined').length,
          hard: payments.filter((p) => p.card === 'pm_card_chargeDeclinedStolenCard').length,
        };
        const perPayment = await rows(
          `SELECT type, count(*)::int AS n, count(DISTINCT data->>'paymentId')::int AS d FROM es_events WHERE type IN ('PaymentRequested','PaymentSucceeded','PaymentFailed','ChargePosted','ReceiptSent','PaymentRetryScheduled','PaymentFinallyFailed','PaymentRetryDue') GROUP BY type ORDER BY type`,
        );
        expect(perPayment).toEqual([
          { type: 'ChargePosted', n: byKind.succeeded, d: byKind.succeeded },
          { type: 'PaymentFailed', n: byKind.soft + byKind.hard, d: byKind.soft + byKind.hard },
          { type: 'PaymentFinallyFailed', n: byKind.hard, d: byKind.hard },
          { type: 'PaymentRequested', n: PAYMENTS, d: PAYMENTS },
          { type: 'PaymentRetryScheduled', n: byKind.soft, d: byKind.soft },
          { type: 'PaymentSucceeded', n: byKind.succeeded, d: byKind.succeeded },
          { type: 'ReceiptSent', n: byKind.succeeded, d: byKind.succeeded },
        ]);
        const perRefund = await rows(
          `SELECT type, count(*)::int AS n, count(DISTINCT data->>'refundId')::int AS d FROM es_events WHERE type IN ('RefundRequested','PaymentRefunded','RefundPosted','RefundFailed') GROUP BY type ORDER BY type`,
        );
        expect(perRefund).toEqual(
          ['PaymentRefunded', 'RefundPosted', 'RefundRequested'].map((type) => ({
            type,
            n: refunds.length,
            d: refunds.length,
          })),
        );

        // No duplicate charge. payment_gateway_calls logs every call the gateway received (the
        // simulator's own table keeps one row per key): one key per payment attempt, its answer
        // decided once, and a call repeated only when a kill came between it and the one before
        // (the app lost the answer and asked again, with the same key).
        const charges =
          await rows(`SELECT c.request->'metadata'->>'paymentId' AS id, c.idempotency_key AS key, count(*) FILTER (WHERE c.outcome = 'decided')::int AS decided,
        count(*) FILTER (WHERE c.outcome = 'decided' AND s.response ? 'ok')::int AS charged,
        COALESCE(sum((c.request->>'amountCents')::int) FILTER (WHERE c.outcome = 'decided' AND s.response ? 'ok'), 0)::int AS cents
        FROM payment_gateway_calls c JOIN payment_gateway_simulator s USING (idempotency_key) WHERE c.operation = 'createPaymentIntent' GROUP BY 1, 2 ORDER BY 1`);
        expect(charges).toEqual(
          [...payments]
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((p) => {
              const ok = p.card === 'pm_card_visa';
              return {
                id: p.id,
                key: `payment:${p.id}:attempt:1`,
                decided: 1,
                charged: ok ? 1 : 0,
                cents: ok ? p.cents : 0,
              };
            }),
        );
        const calls = await rows(
          `SELECT operation, idempotency_key AS key, outcome, (extract(epoch FROM called_at) * 1000)::float8 AS at FROM payment_gateway_calls ORDER BY key, id`,
        );
        const killedAt = app.kills.map((k) => k.at);
        const withoutKill = calls.filter(
          (c, i) =>
            i > 0 &&
            calls[i - 1].key === c.key &&
            !killedAt.some((t) => t > Number(calls[i - 1].at) - 5 && t < Number(c.at) + 5),
        );
        // Known, and counted: POST /payments/{id}/refund issues the refund itself and the refund
        // workflow issues it again on RefundRequested, under the same key; the later call gets the
        // stored answer (no second refund), but it is a second call. At most one such per refund.
        const refundTwice = withoutKill.filter((c) => c.operation === 'refund');
        expect(new Set(refundTwice.map((c) => c.key)).size).toBe(refundTwice.length);
        expect(withoutKill.filter((c) => c.operation !== 'refund')).toEqual([]);
        const repeated = calls.filter((c) => c.outcome === 'replayed').length;
        expect(calls.filter((c) => c.outcome === 'decided')).toHaveLength(
          (await rows('SELECT 1 FROM payment_gateway_simulator')).length,
        );
        const refundCalls =
          await rows(`SELECT c.request->'metadata'->>'paymentId' AS id, count(*)::int AS calls, sum((c.request->>'amountCents')::int)::int AS cents
        FROM payment_gateway_calls c JOIN payment_gateway_simulator s USING (idempotency_key) WHERE c.operation = 'refund' AND c.outcome = 'decided' AND s.response ? 'ok' GROUP BY 1 ORDER BY 1`);
        expect(refundCalls).toEqual(
          [...refunds]
            .sort((a, b) => a.payment.id.localeCompare(b.payment.id))
            .map((r) => ({ id: r.payment.id, calls: 1, cents: r.cents })),
        );
        expect(
          await rows(
            `SELECT count(*)::int AS n FROM payment_gateway_calls WHERE operation = 'createCustomer' AND outcome = 'decided'`,
          ),
        ).toEqual([{ n: ENROLLMENTS }]);
        process.stderr.write(
          `payments crash suite: ${calls.length} gateway calls for ${calls.length - repeated} keys, ${repeated} repeats (${refundTwice.length} of them a refund issued by both the endpoint and the workflow, the rest after a kill)\n`,
        );

        // No duplicate email: keys unique, one receipt per paid payment, one notice per decline, one per refund.
        expect(
          await rows(
            `SELECT recipient, template, caused_by_event_id, count(*)::int AS n FROM email_outbox GROUP BY 1, 2, 3 HAVING count(*) > 1`,
          ),
        ).toEqual([]);
        expect(
          await rows(`SELECT template, count(*)::int AS n FROM email_outbox GROUP BY template ORDER BY template`),
        ).toEqual([
          { template: 'parent-welcome', n: ENROLLMENTS },
          { template: 'payment-failed', n: byKind.soft },
          { template: 'payment-final-failure', n: byKind.hard },
          { template: 'payment-receipt', n: byKind.succeeded },
          { template: 'refund-issued', n: refunds.length },
          { template: 'teacher-new-student', n: ENROLLMENTS },
          { template: 'teacher-welcome', n: 1 },
        ]);
        const receipts = (
          await rows(`SELECT idempotency_key AS k FROM email_outbox WHERE template = 'payment-receipt' ORDER BY 1`)
        ).map((r) => r.k);
        expect(receipts).toEqual(paid.map((p) => `payment-receipt:${p.id}`).sort());
      } finally {
        await db.end();
      }

      // Read models equal a fresh rebuild from position 0.
      for (const s of subscriptions.filter((x) => x.kind === 'projection')) {
        const res = await api(
          'POST',
          `/api/v1/admin/projections/${encodeURIComponent(s.name)}/rebuild?wait=true`,
          undefined,
          token,
        );
        const report = (res.body.result ?? {}) as { identical?: boolean; differences?: unknown[]; failed?: unknown[] };
        expect({
          name: s.name,
          status: res.status,
          job: res.body.status,
          identical: report.identical,
          failed: report.failed,
        }).toEqual({ name: s.name, status: 200, job: 'succeeded', identical: true, failed: [] });
      }
      // The audit hash chains hold.
      const audit = await api('GET', '/api/v1/audit/verify', undefined, token);
      expect({ status: audit.status, ok: audit.body.ok }).toEqual({ status: 200, ok: true });
      process.stderr.write(
        `payments crash suite: ${app.cycles} kill -9 cycles, ${app.resent} requests sent again, ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
      );
    },
    (KILLS + 1) * 20_000,
  ); // a boot of the app per kill, and one: room for a busy shared machine
});

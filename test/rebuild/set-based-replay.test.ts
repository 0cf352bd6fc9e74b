import type { EntityClass } from '@mikro-orm/core';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { EnrollmentRow } from '../../projections/enrollments/enrollment.entity';
import { LessonRow } from '../../projections/lessons/lesson.entity';
import {
  FamilyPaymentMethodRow,
  LedgerEntryRow,
  PaymentIntentRow,
  PaymentRow,
} from '../../projections/payments/payment.entity';
import { StudentRow } from '../../projections/students/student.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { Pool } from 'pg';
import { EnrollmentsProjection } from '../../projections/enrollments/enrollments.projection';
import { LessonsProjection } from '../../projections/lessons/lessons.projection';
import { PaymentsProjection } from '../../projections/payments/payments.projection';
import { StudentsProjection } from '../../projections/students/students.projection';
import { TeachersProjection } from '../../projections/teachers/teachers.projection';
import { PG_POOL } from '../../src/core.module';
import {
  EVENT_STORE,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
} from '../../src/event-store/event-store.port';
import { deriveId } from '../../src/shared/ids';
import { ProjectionHandler } from '../../src/subscriptions/checkpointed-handlers';
import { transactionSql } from '../../src/database/batch-sql';
import { selectRows } from '../../src/database/select-rows';
import { ProjectionRows } from '../../src/subscriptions/projection-rows';
import { ShadowRebuild } from '../../src/subscriptions/shadow-rebuild';
import { Projection } from '../../src/subscriptions/subscription.types';
import { systemMetadata } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { untilLogVisible } from '../support/log-visible';

const FAMILIES = 24;
const LESSONS = 5;
const id = (...parts: (string | number)[]) => deriveId('set-based-replay', ...parts.map(String));

/**
 * A log of families interleaved (event k of every family, then event k + 1 …), so one row's
 * events fall in different batches of a replay: enrollments, students, lessons (rescheduled,
 * completed, cancelled, no-show), makeup credits, payments (failed, retried, succeeded,
 * refunded, charges posted), a family forgotten half-way, and one event about a lesson that
 * does not exist (the live subscription parks it, the replay must skip it alike).
 */
function familyEvents(f: number): { stream: string; type: string; data: unknown }[] {
  const enrollmentId = id('enrollment', f);
  const studentId = id('student', f);
  const parentId = id('parent', f);
  const teacherId = id('teacher', f % 3);
  const instrument = ['piano', 'violin', 'voice'][f % 3];
  const out: { stream: string; type: string; data: unknown }[] = [];
  const e = (stream: string, type: string, data: unknown) => out.push({ stream, type, data });
  const application = {
    studentFirstName: `Kid${f}`,
    studentLastName: 'Replay',
    studentDateOfBirth: '2014-06-01',
    parentFirstName: 'Pat',
    parentLastName: `R${f}`,
    parentEmail: ` Parent${f}@Replay.test `,
    parentPhone: '9025550100',
    instrument,
    preferredLessonDay: 'monday',
    lessonDuration: 30,
    agreedToTerms: true,
  };
  e(`enrollment-${enrollmentId}`, 'EnrollmentSubmitted', { enrollmentId, application });
  e(`enrollment-${enrollmentId}`, 'EnrollmentValidated', { enrollmentId, ageYears: 11 });
  e(`student-${studentId}`, 'StudentEnrolled', {
    studentId,
    parentId,
    enrollmentId,
    firstName: `Kid${f}`,
    lastName: 'Replay',
    dateOfBirth: '2014-06-01',
    instrument,
    skillLevel: 'beginner',
    lessonRateCents: 4500,
    lessonDurationMinutes: 30,
    preferredLessonDay: 'monday',
    preferredLessonTime: null,
  });
  e(`enrollment-${enrollmentId}`, 'PaymentMethodSetUp', {
    enrollmentId,
    parentId,
    studentId,
    customerId: `cus_${f}`,
    paymentMethodId: `pm_${f}`,
    brand: 'visa',
    last4: '4242',
  });
  e(`student-${studentId}`, 'TeacherAssigned', { studentId, teacherId, enrollmentId });
  e(`enrollment-${enrollmentId}`, 'DemoScheduled', {
    enrollmentId,
    lessonId: id('lesson', f, 0),
    teacherId,
    startsAt: '2026-12-01T15:00:00.000Z',
    endsAt: '2026-12-01T15:30:00.000Z',
  });
  e(`enrollment-${enrollmentId}`, 'EnrollmentCompleted', { enrollmentId });
  let balance = 0;
  for (let l = 0; l < LESSONS; l++) {
    const lessonId = id('lesson', f, l);
    const lesson = `lesson-${lessonId}`;
    const startsAt = new Date(Date.parse('2026-12-01T15:00:00Z') + l * 7 * 86_400_000);
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000).toISOString();
    e(lesson, 'LessonScheduled', {
      lessonId,
      studentId,
      teacherId,
      startsAt: at(0),
      endsAt: at(30),
      durationMinutes: 30,
      lessonType: l ? 'regular' : 'demo',
      seriesId: null,
      notes: l % 2 ? 'bring the book' : null,
      makeupCreditId: null,
    });
    if (l === 1)
      e(lesson, 'LessonRescheduled', {
        lessonId,
        previousStartsAt: at(0),
        previousEndsAt: at(30),
        startsAt: at(60),
        endsAt: at(90),
      });
    if (l === 2) {
      e(lesson, 'LessonCancelled', { lessonId, reason: 'sick', initiatedBy: 'parent', makeupCredit: true });
      e(`student-${studentId}`, 'MakeupCreditGranted', {
        studentId,
        creditId: id('credit', f),
        lessonId,
        expiresAt: at(60 * 24 * 30),
      });
      continue;
    }
    if (l === 3) e(`student-${studentId}`, 'MakeupCreditUsed', { studentId, creditId: id('credit', f), lessonId });
    e(
      lesson,
      l === 4 && f % 4 === 0 ? 'LessonNoShowRecorded' : 'LessonCompleted',
      l === 4 && f % 4 === 0 ? { lessonId } : { lessonId, notes: l % 3 ? null : 'scales' },
    );
    const paymentId = id('payment', f, l);
    const payment = `payment-${paymentId}`;
    e(payment, 'PaymentRequested', {
      paymentId,
      lessonId,
      studentId,
      parentId,
      amountCents: 4500,
      currency: 'CAD',
      description: `${instrument} lesson`,
      paymentMethodId: `pm_${f}`,
      customerId: `cus_${f}`,
      instrument,
      teacherId,
    });
    if (l === 1) {
      e(payment, 'PaymentFailed', {
        paymentId,
        attempt: 1,
        paymentIntentId: `pi_${f}_${l}_1`,
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        reason: 'declined',
        hardDecline: false,
        source: 'gateway',
        stripeEventId: null,
      });
      e(payment, 'PaymentRetryScheduled', { paymentId, attempt: 2, dueAt: at(60 * 24) });
      e(payment, 'PaymentRetryDue', { paymentId, attempt: 2 });
    }
    e(payment, 'PaymentSucceeded', {
      paymentId,
      attempt: l === 1 ? 2 : 1,
      paymentIntentId: `pi_${f}_${l}`,
      amountCents: 4500,
      source: 'gateway',
      stripeEventId: null,
    });
    balance += 4500;
    e(`account-${parentId}`, 'ChargePosted', {
      parentId,
      paymentId,
      studentId,
      amountCents: 4500,
      instrument,
      teacherId,
      balanceCents: balance,
    });
    e(payment, 'ReceiptSent', { paymentId });
    if (l === 3 && f % 2) {
      e(payment, 'PaymentRefunded', {
        paymentId,
        refundId: id('refund', f),
        amountCents: 4500,
        gatewayRefundId: `re_${f}`,
        fullyRefunded: true,
        source: 'gateway',
        stripeEventId: null,
      });
      balance -= 4500;
      e(`account-${parentId}`, 'RefundPosted', {
        parentId,
        paymentId,
        refundId: id('refund', f),
        studentId,
        amountCents: 4500,
        instrument,
        teacherId,
        balanceCents: balance,
      });
    }
  }
  if (f === 5)
    e(`lesson-${id('lesson', 'missing')}`, 'LessonCompleted', { lessonId: id('lesson', 'missing'), notes: null });
  return out;
}

describe('set-based replay: a rebuild (rows kept from batch to batch, in shadow tables) gives the rows the live batches give', () => {
  let t: TestApp;
  let store: EventStore;
  let orm: MikroORM;

  /** The live path, as the subscription runs it: batches with their checkpoint; a failing event parked. */
  async function applyLive(projection: Projection): Promise<void> {
    const handler = new ProjectionHandler(projection, orm);
    for (;;) {
      const from = await handler.loadCheckpoint();
      const batch = await store.readAll({ after: from, limit: 10, types: projection.eventTypes });
      if (!batch.length) return;
      try {
        await handler.handleBatch(batch, from);
      } catch {
        let at = from;
        for (const event of batch) {
          try {
            await handler.handleBatch([event], at);
          } catch (err) {
            await handler.park(event, String(err), 1, at);
          }
          at = event.position;
        }
      }
    }
  }

  /** A teacher's registration as the log held it before seats (maxStudents), with what sets her apart. */
  const registerTeacher = (
    teacherId: string,
    eventId: string,
    metadata: EventMetadata,
    expected: ExpectedRevision,
    details: Record<string, unknown>,
  ) =>
    store.append(
      `teacher-${teacherId}`,
      [
        {
          eventId,
          type: 'TeacherRegistered',
          data: { teacherId, userId: null, lastName: 'Replay', bio: null, ...details },
          metadata,
        },
      ],
      expected,
    );

  beforeAll(async () => {
    t = await startTestApp({ subscriptions: { enabled: false } });
    store = t.app.get<EventStore>(EVENT_STORE);
    orm = t.app.get(MikroORM);
    const meta = systemMetadata('2026-11-20T12:00:00.000Z', 'replay');
    for (let i = 0; i < 3; i++) {
      await registerTeacher(id('teacher', i), id('event', 'teacher', i), meta, 'any', {
        firstName: `T${i}`,
        email: `t${i}@replay.test`,
        instruments: ['piano', 'violin'],
        hourlyRateCents: 8000,
        maxStudents: 100,
        availability: { monday: [{ start: '09:00', end: '21:00' }] },
      });
    }
    const families = Array.from({ length: FAMILIES }, (_, f) => familyEvents(f));
    const longest = Math.max(...families.map((events) => events.length));
    for (let k = 0; k < longest; k++) {
      for (const [f, events] of families.entries()) {
        const next = events[k];
        if (!next) continue;
        const event: NewEvent = {
          eventId: id('event', f, k),
          type: next.type,
          data: next.data,
          metadata: {
            ...meta,
            occurredAt: new Date(Date.parse(meta.occurredAt) + k * 60_000 + f * 1000).toISOString(),
          },
        };
        await store.append(next.stream, [event], 'any');
      }
      // Half-way through, family 3 asks to be forgotten.
      if (k === Math.floor(longest / 2)) {
        await store.append(
          `family-${id('parent', 3)}`,
          [
            {
              eventId: id('event', 'forget', 3),
              type: 'FamilyForgotten',
              data: {
                familyId: id('parent', 3),
                studentIds: [id('student', 3)],
                enrollmentIds: [id('enrollment', 3)],
                lessonIds: [id('lesson', 3, 0)],
                forgottenAt: meta.occurredAt,
              },
              metadata: meta,
            },
          ],
          'any',
        );
      }
    }
    // Other test files share the server: a transaction of theirs still open holds the log's
    // readable end back, and the live path below stops at the first empty read.
    await untilLogVisible(store);
  }, 240_000);
  afterAll(() => t?.close());

  const projections = [
    TeachersProjection,
    StudentsProjection,
    LessonsProjection,
    EnrollmentsProjection,
    PaymentsProjection,
  ];

  /** Events appended after the replay's data, for the tests of a lagging live model. */
  const lateMetadata = systemMetadata('2026-11-21T12:00:00.000Z', 'replay-late');
  /** A rebuild in batches of 7 events, 5 rows per table kept in memory, and its report. */
  const rebuilt = async (projection: Projection) => {
    const rebuild = new ShadowRebuild(projection, orm, store, t.app.get<Pool>(PG_POOL), 7, 5);
    await rebuild.acquire();
    return rebuild.run().finally(() => rebuild.release());
  };

  it.each(projections.map((p) => [p.name, p] as const))(
    '%s: identical after a replay in small batches with few rows kept in memory',
    async (_name, type) => {
      const projection = t.app.get<Projection>(type);
      await applyLive(projection);
      const indexes = () =>
        t.app
          .get(EntityManager)
          .fork()
          .execute<{ indexname: string; indexdef: string }[]>(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN (?) ORDER BY indexname",
            [[...projection.tables]],
          );
      const indexesBefore = await indexes();
      // Batches of 7 events and 5 rows per table in memory: rows are written, dropped and read back.
      const report = await rebuilt(projection);
      expect(report.differences.filter((d) => d.changed + d.onlyLive + d.onlyRebuilt > 0)).toEqual([]);
      expect(report.identical).toBe(true);
      // The indexes built after the bulk (or early, for a family forgotten) are the live ones.
      expect(await indexes()).toEqual(indexesBefore);
      expect(report.comparedAt.live).toBe(report.comparedAt.rebuilt);
      for (const d of report.differences) expect(d.rebuiltRows).toBeGreaterThan(0);
      if (projection.name === 'lessons') expect(report.failed.map((f) => f.type)).toEqual(['LessonCompleted']);
      else expect(report.failed).toEqual([]);
    },
    120_000,
  );

  it('a batch whose rows are still being committed: the next one does not read the rows it changed in place', async () => {
    // The family's forgetting (FamilyForgotten) changes its payments in place, in the middle of a
    // replay batch; the next batch is applied while that one commits. Slowed here, so that the
    // next batch's lookups run before the commit: each must still find the rows as changed.
    const projection = t.app.get<Projection>(PaymentsProjection);
    await applyLive(projection);
    const send = ProjectionRows.prototype.send;
    const slowed = jest.spyOn(ProjectionRows.prototype, 'send').mockImplementation(async function (
      this: ProjectionRows,
      ...args: Parameters<ProjectionRows['send']>
    ) {
      await new Promise((r) => setTimeout(r, 30));
      return send.apply(this, args);
    });
    try {
      const report = await rebuilt(projection);
      expect(report.differences.filter((d) => d.changed + d.onlyLive + d.onlyRebuilt > 0)).toEqual([]);
      expect(report.identical).toBe(true);
    } finally {
      slowed.mockRestore();
    }
    const [forgotten] = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ description: string }[]>('SELECT description FROM payments WHERE id = ?', [id('payment', 3, 1)]);
    expect(forgotten.description).toBe('[erased]');
  }, 120_000);

  it('the replayed rows hold what the events say (not merely what the live path wrote)', async () => {
    const sql = <T>(q: string, p: unknown[] = []) => t.app.get(EntityManager).fork().execute<T[]>(q, p);
    const [lesson] = await sql<{ status: string; starts_at: Date }>(
      'SELECT status, starts_at FROM lessons WHERE id = ?',
      [id('lesson', 7, 1)],
    );
    expect(new Date(lesson.starts_at).toISOString()).toBe('2026-12-08T16:00:00.000Z');
    expect(lesson.status).toBe('completed');
    const [student] = await sql<{ makeup_credits: number; teacher_id: string }>(
      'SELECT makeup_credits, teacher_id FROM students WHERE id = ?',
      [id('student', 7)],
    );
    expect(student).toEqual({ makeup_credits: 0, teacher_id: id('teacher', 1) });
    const [forgotten] = await sql<{ first_name: string }>('SELECT first_name FROM students WHERE id = ?', [
      id('student', 3),
    ]);
    expect(forgotten.first_name).toBe('[erased]');
    const [payment] = await sql<{ status: string; attempts: number; refunded_cents: number; receipt_sent: boolean }>(
      'SELECT status, attempts, refunded_cents, receipt_sent FROM payments WHERE id = ?',
      [id('payment', 7, 3)],
    );
    expect(payment).toEqual({ status: 'refunded', attempts: 1, refunded_cents: 4500, receipt_sent: true });
    const [counts] = await sql<{ ledger: string; intents: string; methods: string }>(
      'SELECT (SELECT count(*) FROM ledger_entries) AS ledger, (SELECT count(*) FROM payment_intents) AS intents, (SELECT count(*) FROM family_payment_methods) AS methods',
    );
    expect(counts).toEqual({
      ledger: String(FAMILIES * 4 + FAMILIES / 2),
      intents: String(FAMILIES * 5),
      methods: String(FAMILIES),
    });
    const [enrollment] = await sql<{ status: string; steps: { name: string }[] }>(
      'SELECT status, steps FROM enrollments WHERE id = ?',
      [id('enrollment', 7)],
    );
    expect(enrollment.status).toBe('completed');
    expect(enrollment.steps.map((s) => s.name)).toEqual([
      'ValidateEnrollment',
      'CreateStudentAccount',
      'SetupPaymentMethod',
      'AssignTeacher',
      'ScheduleDemoLesson',
      'SendWelcomeEmails',
    ]);
  });

  it('a row looked up by key has the properties and types a MikroORM find gives', async () => {
    const em = t.app.get(EntityManager).fork();
    const entities: [EntityClass<object>, string, string][] = [
      [TeacherRow, 'id', 'id'],
      [StudentRow, 'id', 'id'],
      [LessonRow, 'id', 'id'],
      [EnrollmentRow, 'id', 'id'],
      [PaymentRow, 'id', 'id'],
      [LedgerEntryRow, 'id', 'id'],
      [FamilyPaymentMethodRow, 'parentId', 'parent_id'],
      [PaymentIntentRow, 'intentId', 'intent_id'],
    ];
    for (const [entity, key, column] of entities) {
      const found = (await em.find(entity, {}, { limit: 12, disableIdentityMap: true })) as Record<string, unknown>[];
      expect(found.length).toBeGreaterThan(0);
      const rows = new ProjectionRows(orm.getMetadata(), orm.em.getPlatform(), 0, true);
      await em.transactional(async (trx) => {
        const sql = await transactionSql(trx);
        for (const entry of found) {
          const looked = await rows.get(sql, entity, String(entry[key]));
          // a plain object of every column's property, as the entity holds it (bigints as strings)
          const expected = Object.fromEntries(
            Object.keys(looked).map((k) => [k, typeof entry[k] === 'bigint' ? String(entry[k]) : entry[k]]),
          );
          expect(looked).toEqual(expected);
          // and the same row as a workflow step's lookup by SQL reads it
          expect(await selectRows(em, entity, `${column} = ?`, [entry[key]])).toEqual([looked]);
          expect(Object.keys(looked).sort()).toEqual(Object.keys(expected).sort());
          for (const [k, v] of Object.entries(looked))
            expect([k, v instanceof Date, typeof v]).toEqual([k, expected[k] instanceof Date, typeof expected[k]]);
        }
      });
    }
  });
  it("a live model a few events behind gets them before the comparison: both compared at the copy's position", async () => {
    const projection = t.app.get<Projection>(TeachersProjection);
    await applyLive(projection);
    const liveBefore = await new ProjectionHandler(projection, orm).loadCheckpoint();
    // Two teachers registered since, which the live model (its subscription off in this app) has not applied.
    let last = 0;
    for (const i of [10, 11]) {
      ({ position: last } = await registerTeacher(
        id('teacher', i),
        id('event', 'late-teacher', i),
        lateMetadata,
        'no_stream',
        {
          firstName: `Late${i}`,
          email: `late${i}@replay.test`,
          instruments: ['cello'],
          hourlyRateCents: 7000,
          maxStudents: 10,
          availability: { tuesday: [{ start: '10:00', end: '12:00' }] },
        },
      ));
    }
    await untilLogVisible(store);
    expect(liveBefore).toBeLessThan(last);

    const report = await rebuilt(projection);
    // The live rows got the two events before the comparison: no row only in the copy.
    expect(report.comparedAt.rebuilt).toBeGreaterThanOrEqual(last);
    expect(report.comparedAt.live).toBe(report.comparedAt.rebuilt);
    expect(report.differences.filter((d) => d.changed + d.onlyLive + d.onlyRebuilt > 0)).toEqual([]);
    expect(report.identical).toBe(true);
    expect(report.position).toBe(report.comparedAt.rebuilt);
    const late = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ first_name: string }[]>('SELECT first_name FROM teachers WHERE id IN (?, ?) ORDER BY first_name', [
        id('teacher', 10),
        id('teacher', 11),
      ]);
    expect(late.map((r) => r.first_name)).toEqual(['Late10', 'Late11']);
  });
  it('an event the live model has yet to apply and the copy could not is parked for both: the rebuild goes on', async () => {
    const projection = t.app.get<Projection>(LessonsProjection);
    await applyLive(projection);
    const lessonId = id('lesson', 'missing', 'late');
    const { position } = await store.append(
      `lesson-${lessonId}`,
      [
        {
          eventId: id('event', 'late-completion'),
          type: 'LessonCompleted',
          data: { lessonId, notes: null },
          metadata: lateMetadata,
        },
      ],
      'no_stream',
    );
    await untilLogVisible(store);
    expect(await new ProjectionHandler(projection, orm).loadCheckpoint()).toBeLessThan(position);

    const report = await rebuilt(projection);
    expect(report.failed.map((f) => f.position)).toContain(position);
    expect(report.comparedAt.live).toBe(report.comparedAt.rebuilt);
    expect(report.identical).toBe(true);
    const parked = await t.app
      .get(EntityManager)
      .fork()
      .execute<{ position: string }[]>('SELECT position FROM subscription_parked WHERE subscription = ?', [
        projection.name,
      ]);
    expect(parked.map((p) => Number(p.position))).toContain(position);
  });
});

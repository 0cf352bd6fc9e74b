import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { EnrollmentRow } from '../../../projections/enrollments/enrollment.entity';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContext, subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { EmailClaims } from '../../identity/email-claims';
import { RegisterUser } from '../../identity/register-user/register-user.command';
import { PasswordTokens } from '../../identity/set-password/password-tokens';
import { userDecider, UserState } from '../../identity/user.decider';
import { userStream } from '../../identity/user.events';
import { BookingService } from '../../lessons/booking.service';
import { lessonStream } from '../../lessons/lesson.events';
import { NotificationOutbox } from '../../notifications/notification-outbox';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../../payments/gateway/payment-gateway.port';
import { lessonRateCents } from '../../payments/pricing';
import { freeSlots, localWeekday, timeOfDay } from '../../scheduling/academy-time';
import { calendarDecider, CalendarState } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { DomainError } from '../../shared/domain-error';
import { deriveId } from '../../shared/ids';
import { AssignTeacher, EnrollStudent } from '../../students/student.commands';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { ageOn, enrollmentDecider, EnrollmentState } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { rankTeachers } from '../teacher-matching';

/** The commands of the enrollment workflow's nodes: each reacts to the previous node's event. */
export class ValidateEnrollment implements ICommand {
  constructor(readonly enrollmentId: string, readonly context: CommandContext) {}
}
export class CreateStudentAccount implements ICommand {
  constructor(readonly enrollmentId: string, readonly context: CommandContext) {}
}
export class SetupPaymentMethod implements ICommand {
  /** since: when the student was enrolled (how long the gateway has been tried) */
  constructor(readonly enrollmentId: string, readonly studentId: string, readonly parentId: string, readonly since: string, readonly context: CommandContext) {}
}

/** How long a gateway outage is retried before the setup is recorded as failed. */
const GATEWAY_PATIENCE_MS = 5 * 60 * 1000;
export class AssignEnrollmentTeacher implements ICommand {
  constructor(readonly enrollmentId: string, readonly context: CommandContext) {}
}
export class ScheduleDemoLesson implements ICommand {
  constructor(readonly enrollmentId: string, readonly studentId: string, readonly teacherId: string, readonly context: CommandContext) {}
}
export class SendWelcomeEmails implements ICommand {
  constructor(readonly enrollmentId: string, readonly context: CommandContext) {}
}

export const studentIdOf = (enrollmentId: string) => deriveId('enrolled-student', enrollmentId);
export const parentIdFor = (email: string) => deriveId('parent', email.trim().toLowerCase());

async function enrollmentOf(executor: CommandExecutor, enrollmentId: string) {
  const state = await executor.load<EnrollmentState, never>(enrollmentStream(enrollmentId), enrollmentDecider);
  if (state.status === 'none') throw new Error(`enrollment ${enrollmentId} is not stored`);
  return state;
}

@CommandHandler(ValidateEnrollment)
export class ValidateEnrollmentHandler implements ICommandHandler<ValidateEnrollment> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ enrollmentId, context }: ValidateEnrollment) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    const teachers = await this.em.fork().find(TeacherRow, { active: true, instruments: { $contains: [e.application.instrument] } });
    const withRoom = teachers.filter((t) => t.currentStudents < t.maxStudents).length;
    // The age counts on the academy's calendar day.
    const today = DateTime.fromISO(context.issuedAt, { zone: this.config.academyTimezone }).toISODate()!;
    await this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'ValidateEnrollment', enrollmentId, at: today, teachersWithRoom: withRoom }, context);
  }
}

@CommandHandler(CreateStudentAccount)
export class CreateStudentAccountHandler implements ICommandHandler<CreateStudentAccount> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly claims: EmailClaims,
  ) {}

  /** The family's parent account (an existing parent email is the same family) and the student. */
  async execute({ enrollmentId, context }: CreateStudentAccount) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.status !== 'running') return;
    const app = e.application;
    const email = app.parentEmail.trim().toLowerCase();
    const owner = await this.claims.ownerOf(email);
    const parentId = owner ?? parentIdFor(email);
    const fail = (reason: string) =>
      this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'FailStudentAccount', enrollmentId, reason }, subContext(context, 'fail'));
    if (owner) {
      const user = await this.executor.load<UserState, never>(userStream(owner), userDecider);
      if (user.status === 'registered' && user.role !== 'parent') return fail('the parent email belongs to a staff account; use another email');
    }
    try {
      await this.commands.execute(
        new RegisterUser({ userId: parentId, email, role: 'parent', displayName: `${app.parentFirstName} ${app.parentLastName}`, teacherId: null }, subContext(context, 'parent')),
      );
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'EMAIL_TAKEN' || err.code === 'USER_EXISTS')) return fail(err.message);
      throw err;
    }
    await this.commands.execute(
      new EnrollStudent(
        {
          studentId: studentIdOf(enrollmentId),
          parentId,
          enrollmentId,
          firstName: app.studentFirstName,
          lastName: app.studentLastName,
          dateOfBirth: app.studentDateOfBirth,
          instrument: app.instrument,
          skillLevel: 'beginner',
          lessonRateCents: lessonRateCents(app.lessonDurationMinutes),
          lessonDurationMinutes: app.lessonDurationMinutes,
          preferredLessonDay: app.preferredLessonDay,
          preferredLessonTime: app.preferredLessonTime,
        },
        subContext(context, 'student'),
      ),
    );
  }
}

@CommandHandler(SetupPaymentMethod)
export class SetupPaymentMethodHandler implements ICommandHandler<SetupPaymentMethod> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  /**
   * The family's Stripe customer (one per family, named from its account so every enrollment
   * asks for the same customer) with the enrollment's card as its default. A declined or
   * invalid card is recorded and the workflow goes on; a gateway outage is retried (the
   * subscription's back-off) for a few minutes, then recorded the same way.
   */
  async execute({ enrollmentId, studentId, parentId, since, context }: SetupPaymentMethod) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.paymentRecorded) return;
    const parent = await this.executor.load<UserState, never>(userStream(parentId), userDecider);
    if (parent.status !== 'registered') throw new Error(`parent ${parentId} is not registered yet`);
    let customerId: string | null = null;
    let outcome: { ok: true; customerId: string; paymentMethodId: string; brand: string | null; last4: string | null } | { ok: false; customerId: string | null; code: string; reason: string };
    try {
      const known = await this.em.fork().findOne(EnrollmentRow, { parentId, customerId: { $ne: null } }, { orderBy: { arrival: 'asc' } });
      customerId =
        known?.customerId ??
        (await this.gateway.createCustomer({ idempotencyKey: `customer:${parentId}`, email: parent.email, name: parent.displayName, metadata: { parentId } })).customerId;
      const pm = await this.gateway.attachPaymentMethod({ idempotencyKey: `attach:${enrollmentId}`, customerId, paymentMethodId: e.application.paymentToken });
      outcome = { ok: true, customerId, paymentMethodId: pm.paymentMethodId, brand: pm.brand, last4: pm.last4 };
    } catch (err) {
      if (!(err instanceof PaymentGatewayError)) throw err;
      if (err.retryable && Date.parse(context.issuedAt) - Date.parse(since) < GATEWAY_PATIENCE_MS) throw err;
      outcome = { ok: false, customerId, code: err.code, reason: err.message };
    }
    await this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'RecordPaymentSetup', enrollmentId, parentId, studentId, outcome }, context);
  }
}

@CommandHandler(AssignEnrollmentTeacher)
export class AssignEnrollmentTeacherHandler implements ICommandHandler<AssignEnrollmentTeacher> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly commands: CommandBus,
    private readonly em: EntityManager,
  ) {}

  /** The best-scoring teacher with a seat left; the seat is taken on the teacher's stream first. */
  async execute({ enrollmentId, context }: AssignEnrollmentTeacher) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.status !== 'running') return;
    const studentId = studentIdOf(enrollmentId);
    const student = await this.executor.load<StudentState, never>(studentStream(studentId), studentDecider);
    if (student.status === 'none' || student.teacherId) return;
    const app = e.application;
    const rows = await this.em.fork().find(TeacherRow, { active: true, instruments: { $contains: [app.instrument] } });
    const ranked = rankTeachers(rows, { instrument: app.instrument, preferredLessonDay: app.preferredLessonDay, preferredLessonTime: app.preferredLessonTime });
    for (const teacher of ranked) {
      try {
        await this.executor.execute(
          teacherStream(teacher.id),
          teacherDecider,
          { type: 'TakeTeacherSeat', teacherId: teacher.id, studentId },
          subContext(context, `seat-${teacher.id}`),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'TEACHER_FULL') continue;
        throw err;
      }
      await this.commands.execute(new AssignTeacher({ studentId, teacherId: teacher.id, enrollmentId }, subContext(context, 'assign')));
      return;
    }
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      { type: 'WaitlistEnrollment', enrollmentId, stage: 'assignment', reason: `no ${app.instrument} teacher has room for a new student` },
      subContext(context, 'waitlist'),
    );
  }
}

const DEMO = { noticeHours: 24, searchDays: 28, attempts: 3 };

@CommandHandler(ScheduleDemoLesson)
export class ScheduleDemoLessonHandler implements ICommandHandler<ScheduleDemoLesson> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly booking: BookingService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The first free slot at least 24 h ahead, in the teacher's calendar, matching the family's
   * preferred day and time of day; booked through the same calendars as every lesson.
   */
  async execute({ enrollmentId, studentId, teacherId, context }: ScheduleDemoLesson) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.demoRecorded) return;
    const record = (outcome: { ok: true; lessonId: string; startsAt: string; endsAt: string } | { ok: false; reason: string }) =>
      this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'RecordDemo', enrollmentId, teacherId, outcome }, subContext(context, 'record'));

    // A booking made before a crash, found again by its derived lesson id.
    for (let i = 0; i < DEMO.attempts; i++) {
      const lessonId = deriveId(subContext(context, `demo-${i}`).commandId, 'lesson', '0');
      const [booked] = await this.store.readStream(lessonStream(lessonId), { limit: 1 });
      if (booked) {
        const d = booked.data as { startsAt: string; endsAt: string };
        return record({ ok: true, lessonId, startsAt: d.startsAt, endsAt: d.endsAt });
      }
    }

    const app = e.application;
    const zone = this.config.academyTimezone;
    const teacher = await this.executor.load<TeacherState, never>(teacherStream(teacherId), teacherDecider);
    if (teacher.status === 'none') return record({ ok: false, reason: 'the teacher is gone' });
    const [tc, sc] = await Promise.all([
      this.executor.load<CalendarState, never>(calendarStream('teacher', teacherId), calendarDecider),
      this.executor.load<CalendarState, never>(calendarStream('student', studentId), calendarDecider),
    ]);
    const busy = [...Object.values(tc.bookings), ...Object.values(sc.bookings)].map((b) => ({ start: new Date(b.startsAt), end: new Date(b.endsAt) }));
    const slots = freeSlots({
      availability: teacher.availability,
      zone,
      busy,
      durationMinutes: app.lessonDurationMinutes,
      from: new Date(Date.parse(context.issuedAt) + DEMO.noticeHours * 3_600_000),
      days: DEMO.searchDays,
      stepMinutes: 15,
      limit: DEMO.attempts,
      accept: (start) =>
        (!app.preferredLessonDay || localWeekday(start, zone) === app.preferredLessonDay) &&
        (!app.preferredLessonTime || timeOfDay(start, zone) === app.preferredLessonTime),
    });
    for (const [i, slot] of slots.entries()) {
      try {
        const { lessons } = await this.booking.book(
          { studentId, teacherId, startsAt: slot.start, durationMinutes: app.lessonDurationMinutes, lessonType: 'demo', notes: 'Demo lesson (enrollment)' },
          subContext(context, `demo-${i}`),
        );
        return record({ ok: true, lessonId: lessons[0].lessonId, startsAt: lessons[0].startsAt, endsAt: lessons[0].endsAt });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'SCHEDULING_CONFLICT') continue;
        throw err;
      }
    }
    return record({ ok: false, reason: `no free slot matching the preferences in the next ${DEMO.searchDays} days` });
  }
}

@CommandHandler(SendWelcomeEmails)
export class SendWelcomeEmailsHandler implements ICommandHandler<SendWelcomeEmails> {
  private readonly logger = new Logger('EnrollmentEmails');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    private readonly outbox: NotificationOutbox,
    private readonly tokens: PasswordTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The parent's welcome (with a set-password link for a new account) and the teacher's notice. */
  async execute({ enrollmentId, context }: SendWelcomeEmails) {
    const e = await enrollmentOf(this.executor, enrollmentId);
    if (e.status === 'completed' || !e.parentId || !e.teacherId) return;
    const teacher = await this.em.fork().findOne(TeacherRow, { id: e.teacherId });
    if (!teacher) throw new Error(`teacher ${e.teacherId} is not in the read model yet`);
    const parent = await this.executor.load<UserState, never>(userStream(e.parentId), userDecider);
    const app = e.application;
    const demoStartsAt = e.demoStartsAt;
    const studentName = `${app.studentFirstName} ${app.studentLastName}`;
    const setPasswordUrl =
      parent.status === 'registered' && !parent.hasPassword
        ? `${this.config.publicUrl}/set-password?token=${await this.tokens.issue(e.parentId, 'set-password', enrollmentId, new Date(context.issuedAt))}`
        : null;
    await this.outbox.request({
      key: `parent-welcome:${enrollmentId}`,
      to: app.parentEmail,
      template: 'parent-welcome',
      data: {
        parentName: `${app.parentFirstName} ${app.parentLastName}`,
        studentName,
        instrument: app.instrument,
        teacherName: `${teacher.firstName} ${teacher.lastName}`,
        loginEmail: app.parentEmail.trim().toLowerCase(),
        demoStartsAt,
        setPasswordUrl,
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
    });
    await this.outbox.request({
      key: `teacher-new-student:${enrollmentId}`,
      to: teacher.email,
      template: 'teacher-new-student',
      data: {
        teacherName: `${teacher.firstName} ${teacher.lastName}`,
        studentName,
        instrument: app.instrument,
        studentAge: String(ageOn(app.studentDateOfBirth, context.issuedAt.slice(0, 10))),
        demoStartsAt,
      },
      causedByEventId: context.causationId ?? undefined,
      correlationId: context.correlationId,
    });
    this.logger.debug(`welcome emails requested for enrollment ${enrollmentId}`);
    await this.executor.execute(enrollmentStream(enrollmentId), enrollmentDecider, { type: 'CompleteEnrollment', enrollmentId }, context);
  }
}

export const ENROLLMENT_NODE_HANDLERS = [
  ValidateEnrollmentHandler,
  CreateStudentAccountHandler,
  SetupPaymentMethodHandler,
  AssignEnrollmentTeacherHandler,
  ScheduleDemoLessonHandler,
  SendWelcomeEmailsHandler,
];

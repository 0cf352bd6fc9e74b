import { DeciderSpecification } from '../../../test/support/decider-specification';
import { calendarStream } from '../../scheduling/calendar.events';
import { studentStream } from '../../students/student.events';
import { lessonStream } from '../lesson.events';
import {
  assessBooking,
  BookingEvent,
  bookedLessonId,
  bookingDecider,
  BookLessonsCommand,
  eventsByStream,
} from './booking.decider';

const [STUDENT, TEACHER, OTHER_TEACHER, BOOKING] = ['s1', 't1', 't2', 'booking-1'];
const AT = '2026-11-09T12:00:00.000Z'; // a Monday
const NEXT_MONDAY_4PM = '2026-11-16T16:00:00.000Z';

const enrolled: BookingEvent = {
  type: 'StudentEnrolled',
  data: {
    studentId: STUDENT,
    parentId: 'p1',
    enrollmentId: null,
    firstName: 'Lily',
    lastName: 'Chen',
    dateOfBirth: '2016-05-14',
    instrument: 'piano',
    skillLevel: 'beginner',
    lessonRateCents: 40_00,
    lessonDurationMinutes: 30,
    preferredLessonDay: null,
    preferredLessonTime: null,
  },
};
const assigned: BookingEvent = { type: 'TeacherAssigned', data: { studentId: STUDENT, teacherId: TEACHER } };
const registered: BookingEvent = {
  type: 'TeacherRegistered',
  data: {
    teacherId: TEACHER,
    userId: 'u1',
    firstName: 'Clara',
    lastName: 'Schumann',
    email: 'clara@example.com',
    instruments: ['piano'],
    hourlyRateCents: 65_00,
    seats: 30,
    availability: { monday: [{ start: '15:00', end: '18:00' }] },
    bio: null,
  },
};
const credit = (creditId: string, expiresAt = '2027-01-01T00:00:00.000Z'): BookingEvent => ({
  type: 'MakeupCreditGranted',
  data: { studentId: STUDENT, creditId, lessonId: `cancelled-${creditId}`, expiresAt, lessonMinutes: 30 },
});
const otherLesson = (owner: 'teacher' | 'student', startsAt: string, endsAt: string): BookingEvent => ({
  type: 'CalendarSlotsBooked',
  data: {
    owner,
    ownerId: owner === 'teacher' ? TEACHER : STUDENT,
    slots: [{ lessonId: 'other', startsAt, endsAt, withId: owner === 'teacher' ? 's9' : OTHER_TEACHER }],
  },
});

const request = (overrides: Partial<BookLessonsCommand> = {}): BookLessonsCommand => ({
  type: 'BookLessons',
  bookingId: BOOKING,
  studentId: STUDENT,
  startsAt: NEXT_MONDAY_4PM,
  lessonType: 'regular',
  notes: null,
  requestedBy: 'academy',
  at: AT,
  zone: 'UTC',
  ...overrides,
});

const lesson0 = bookedLessonId(BOOKING, 0);
const slot = { lessonId: lesson0, startsAt: NEXT_MONDAY_4PM, endsAt: '2026-11-16T16:30:00.000Z' };
const scheduled = (overrides: object = {}) => ({
  type: 'LessonScheduled',
  data: {
    ...slot,
    studentId: STUDENT,
    teacherId: TEACHER,
    durationMinutes: 30,
    lessonType: 'regular',
    seriesId: null,
    notes: null,
    makeupCreditId: null,
    ...overrides,
  },
});

const { given } = DeciderSpecification.for(bookingDecider);
const ready = [enrolled, assigned, registered];

describe('booking decider', () => {
  it("books both calendars and schedules the lesson, each event on its stream, at the student's length", () => {
    const { events } = given(ready).when(request());
    expect(eventsByStream(events)).toEqual({
      [calendarStream('teacher', TEACHER)]: [
        {
          type: 'CalendarSlotsBooked',
          data: { owner: 'teacher', ownerId: TEACHER, slots: [{ ...slot, withId: STUDENT }] },
        },
      ],
      [calendarStream('student', STUDENT)]: [
        {
          type: 'CalendarSlotsBooked',
          data: { owner: 'student', ownerId: STUDENT, slots: [{ ...slot, withId: TEACHER }] },
        },
      ],
      [lessonStream(lesson0)]: [scheduled()],
    });
  });

  it('books a series all or nothing, one lesson id per occurrence and one series id', () => {
    const { events } = given(ready).when(request({ recurrence: { pattern: 'weekly', occurrences: 3 } }));
    const lessons = events.filter((e) => e.type === 'LessonScheduled');
    expect(lessons.map((e) => e.data)).toEqual(
      [0, 1, 2].map((i) =>
        expect.objectContaining({
          lessonId: bookedLessonId(BOOKING, i),
          startsAt: `2026-11-${16 + 7 * i}T16:00:00.000Z`,
          seriesId: expect.any(String),
        }),
      ),
    );
    const teacherBooked = eventsByStream(events)[calendarStream('teacher', TEACHER)];
    expect(teacherBooked).toHaveLength(1);
    expect(teacherBooked[0].data).toMatchObject({ slots: [{}, {}, {}] });
  });

  it('a makeup lesson uses the credit expiring first, recorded on the student and on the lesson', () => {
    const { events } = given([...ready, credit('late', '2027-02-01T00:00:00.000Z'), credit('early')]).when(
      request({ lessonType: 'makeup' }),
    );
    expect(eventsByStream(events)[studentStream(STUDENT)]).toEqual([
      { type: 'MakeupCreditUsed', data: { studentId: STUDENT, creditId: 'early', lessonId: lesson0 } },
    ]);
    expect(eventsByStream(events)[lessonStream(lesson0)]).toEqual([
      scheduled({ lessonType: 'makeup', makeupCreditId: 'early' }),
    ]);
  });

  it('a retry of the same booking finds its own slots: no conflict, nothing booked twice', () => {
    const own = (owner: 'teacher' | 'student'): BookingEvent => ({
      type: 'CalendarSlotsBooked',
      data: {
        owner,
        ownerId: owner === 'teacher' ? TEACHER : STUDENT,
        slots: [{ ...slot, withId: owner === 'teacher' ? STUDENT : TEACHER }],
      },
    });
    given([...ready, own('teacher'), own('student')])
      .when(request())
      .then([scheduled()] as BookingEvent[]);
  });

  it('refuses a taken time with every conflict, who holds it and why (the process adds alternatives)', () => {
    const error = given([
      ...ready,
      otherLesson('teacher', '2026-11-16T16:15:00.000Z', '2026-11-16T16:45:00.000Z'),
      otherLesson('student', '2026-11-16T15:45:00.000Z', '2026-11-16T16:15:00.000Z'),
    ])
      .when(request({ startsAt: '2026-11-16T17:45:00.000Z' }))
      .refusal('SCHEDULING_CONFLICT', 'conflict');
    expect(error.message).toBe('the requested time is not available (outside-availability)');
    const busy = given([...ready, otherLesson('teacher', '2026-11-16T16:15:00.000Z', '2026-11-16T16:45:00.000Z')])
      .when(request())
      .refusal('SCHEDULING_CONFLICT', 'conflict');
    expect(busy.details).toEqual({
      conflicts: [{ startsAt: slot.startsAt, endsAt: slot.endsAt, reason: 'teacher-busy', lessonId: 'other' }],
      alternatives: [],
    });
    expect(busy.message).toBe('the requested time is not available (teacher-busy)');
  });

  it('checks availability without deciding: back to back is free, the overlap is listed', () => {
    const state = DeciderSpecification.for(bookingDecider).stateAfter([
      ...ready,
      otherLesson('student', '2026-11-16T15:30:00.000Z', '2026-11-16T16:00:00.000Z'),
    ]);
    expect(assessBooking(request(), state, []).conflicts).toEqual([]);
    expect(
      assessBooking(request({ durationMinutes: 60, startsAt: '2026-11-16T15:45:00.000Z' }), state, []),
    ).toMatchObject({
      teacherId: TEACHER,
      durationMinutes: 60,
      conflicts: [{ reason: 'student-busy', lessonId: 'other' }],
    });
  });

  describe('refusals, with the codes and messages the API answers', () => {
    it('the student: unknown, withdrawn, without a teacher', () => {
      given([]).when(request()).thenRefuses('STUDENT_NOT_FOUND', 'not_found');
      given([...ready, { type: 'StudentWithdrawn', data: { studentId: STUDENT, reason: null } }])
        .when(request())
        .thenRefuses('STUDENT_NOT_ACTIVE', 'rejected');
      given([enrolled, registered]).when(request()).thenRefuses('NO_TEACHER_ASSIGNED', 'rejected');
      const demo = given([enrolled, registered]).when(request({ teacherId: TEACHER, lessonType: 'regular' }));
      expect(demo.refusal('NO_TEACHER_ASSIGNED').message).toBe(
        'only students with an assigned teacher book regular or makeup lessons',
      );
      // A demo lesson is booked before a teacher is assigned.
      expect(
        given([enrolled, registered]).when(request({ teacherId: TEACHER, lessonType: 'demo' })).events,
      ).toHaveLength(3);
    });

    it('the teacher: unknown, gone, of another instrument', () => {
      given([enrolled, assigned]).when(request()).thenRefuses('TEACHER_NOT_FOUND', 'not_found');
      given([...ready, { type: 'TeacherDeactivated', data: { teacherId: TEACHER, reason: null, students: [] } }])
        .when(request())
        .thenRefuses('TEACHER_INACTIVE', 'rejected');
      const violinist = { ...registered, data: { ...registered.data, instruments: ['violin'] } } as BookingEvent;
      expect(
        given([enrolled, assigned, violinist]).when(request()).refusal('TEACHER_DOES_NOT_TEACH_INSTRUMENT').message,
      ).toBe('the teacher does not teach piano');
    });

    it('the time: in the past; a makeup lesson without a credit covering it', () => {
      given(ready)
        .when(request({ at: NEXT_MONDAY_4PM }))
        .thenRefuses('IN_THE_PAST', 'rejected');
      given(ready)
        .when(request({ lessonType: 'makeup' }))
        .thenRefuses('NO_MAKEUP_CREDIT', 'rejected');
      given([...ready, credit('c1')])
        .when(request({ lessonType: 'makeup', durationMinutes: 45 }))
        .thenRefuses('MAKEUP_LESSON_TOO_LONG', 'rejected');
    });

    it("a family: its child's own teacher, no demo, more than the family's notice period ahead", () => {
      const family = (overrides: Partial<BookLessonsCommand>) => request({ requestedBy: 'family', ...overrides });
      given(ready)
        .when(family({ lessonType: 'demo' }))
        .thenRefuses('DEMO_BOOKED_BY_ACADEMY', 'forbidden');
      given(ready)
        .when(family({ teacherId: OTHER_TEACHER }))
        .thenRefuses('NOT_OWN_TEACHER', 'forbidden');
      const tooSoon = given(ready)
        .when(family({ at: '2026-11-15T16:00:00.000Z' }))
        .refusal('TOO_LATE_TO_BOOK');
      expect(tooSoon.message).toBe('families book more than 24 hours ahead; call the office for an earlier lesson');
      expect(given(ready).when(family({ at: '2026-11-15T15:59:59.999Z' })).events).toHaveLength(3);
      // The office books the same time.
      expect(given(ready).when(request({ at: '2026-11-15T16:00:00.000Z' })).events).toHaveLength(3);
    });
  });
});

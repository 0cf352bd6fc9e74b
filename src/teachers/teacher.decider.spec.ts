import { RegisterTeacherCommand, TeacherCommand, teacherDecider } from './teacher.decider';
import { TeacherEvent } from './teacher.events';
import { DeciderSpecification } from '../../test/support/decider-specification';

const TEACHER = '0b0c6c0e-8d4e-4f7f-9a51-3f5e1d2c4b6a';
const USER = '1c1d7d1f-9e5f-4a8a-8b62-4a6f2e3d5c7b';

const register = (overrides: Partial<RegisterTeacherCommand> = {}): RegisterTeacherCommand => ({
  type: 'RegisterTeacher',
  teacherId: TEACHER,
  userId: USER,
  firstName: ' Clara ',
  lastName: 'Schumann',
  email: 'Clara@Example.com',
  instruments: ['piano', 'voice', 'piano'],
  hourlyRateCents: 65_00,
  availability: {
    monday: [
      { start: '18:00', end: '20:00' },
      { start: '15:00', end: '17:30' },
    ],
  },
  ...overrides,
});

const registered: TeacherEvent = {
  type: 'TeacherRegistered',
  data: {
    teacherId: TEACHER,
    userId: USER,
    firstName: 'Clara',
    lastName: 'Schumann',
    email: 'clara@example.com',
    instruments: ['piano', 'voice'],
    hourlyRateCents: 65_00,
    seats: 30,
    availability: {
      monday: [
        { start: '15:00', end: '17:30' },
        { start: '18:00', end: '20:00' },
      ],
    },
    bio: null,
  },
};

const { given } = DeciderSpecification.for(teacherDecider);

describe('teacher decider', () => {
  describe('RegisterTeacher', () => {
    it('registers a new teacher with normalised names, email, instruments and availability', () =>
      given([]).when(register()).then([registered]));

    it('defaults maxStudents to 30 and keeps a given one', () => {
      given([])
        .when(register({ maxStudents: 12 }))
        .then([{ ...registered, data: { ...registered.data, seats: 12 } } as TeacherEvent]);
    });

    it('refuses a teacher that already exists', () =>
      given([registered]).when(register()).thenRefuses('TEACHER_EXISTS', 'conflict'));

    it('refuses unknown instruments', () =>
      given([])
        .when(register({ instruments: ['piano', 'banjo'] }))
        .thenRefuses('UNKNOWN_INSTRUMENT', 'invalid'));

    it('refuses a teacher with no instrument', () =>
      given([])
        .when(register({ instruments: [] }))
        .thenRefuses('NO_INSTRUMENTS'));

    it.each([29_99, 200_01, 500_00, 65.5])('refuses an hourly rate of %p cents', (cents) =>
      given([])
        .when(register({ hourlyRateCents: cents }))
        .thenRefuses('HOURLY_RATE_OUT_OF_RANGE'),
    );

    it.each([30_00, 200_00])('accepts the boundary rate of %p cents', (cents) =>
      expect(given([]).when(register({ hourlyRateCents: cents })).events).toHaveLength(1),
    );

    it.each([0, 51, 2.5])('refuses maxStudents %p', (n) =>
      given([])
        .when(register({ maxStudents: n }))
        .thenRefuses('MAX_STUDENTS_OUT_OF_RANGE'),
    );

    it('refuses overlapping availability windows', () =>
      given([])
        .when(
          register({
            availability: {
              tuesday: [
                { start: '15:00', end: '18:00' },
                { start: '17:00', end: '19:00' },
              ],
            },
          }),
        )
        .thenRefuses('INVALID_AVAILABILITY', 'invalid'));

    it('refuses windows that end before they start or are malformed', () => {
      given([])
        .when(register({ availability: { friday: [{ start: '18:00', end: '17:00' }] } }))
        .thenRefuses('INVALID_AVAILABILITY');
      given([])
        .when(register({ availability: { friday: [{ start: '9:00', end: '17:00' }] } }))
        .thenRefuses('INVALID_AVAILABILITY');
      given([])
        .when(register({ availability: { funday: [] } as never }))
        .thenRefuses('INVALID_AVAILABILITY');
    });
  });

  describe('ChangeTeacherAvailability', () => {
    const change = (availability: object): TeacherCommand => ({
      type: 'ChangeTeacherAvailability',
      teacherId: TEACHER,
      availability: availability as never,
    });

    it('records new availability', () =>
      given([registered])
        .when(change({ saturday: [{ start: '09:00', end: '12:00' }] }))
        .then([
          {
            type: 'TeacherAvailabilityChanged',
            data: { teacherId: TEACHER, availability: { saturday: [{ start: '09:00', end: '12:00' }] } },
          },
        ]));

    it('changes nothing when the availability is the same', () =>
      given([registered])
        .when(
          change({
            monday: [
              { start: '18:00', end: '20:00' },
              { start: '15:00', end: '17:30' },
            ],
          }),
        )
        .then([]));

    it('refuses an unknown teacher', () => given([]).when(change({})).thenRefuses('TEACHER_NOT_FOUND', 'not_found'));

    it('refuses overlapping windows', () =>
      given([registered])
        .when(
          change({
            monday: [
              { start: '10:00', end: '12:00' },
              { start: '11:59', end: '13:00' },
            ],
          }),
        )
        .thenRefuses('INVALID_AVAILABILITY'));
  });

  describe('seats', () => {
    const take = (studentId: string): TeacherCommand => ({ type: 'TakeTeacherSeat', teacherId: TEACHER, studentId });
    const taken = (studentId: string): TeacherEvent => ({
      type: 'TeacherSeatTaken',
      data: { teacherId: TEACHER, studentId },
    });
    const small = { ...registered, data: { ...registered.data, seats: 2 } } as TeacherEvent;

    it('gives a seat while there is room; the same student again changes nothing', () => {
      given([small])
        .when(take('s1'))
        .then([taken('s1')]);
      given([small, taken('s1')])
        .when(take('s1'))
        .then([]);
    });

    it('refuses the seat after the last one', () =>
      given([small, taken('s1'), taken('s2')])
        .when(take('s3'))
        .thenRefuses('TEACHER_FULL', 'rejected'));

    it('frees a seat for the next student', () => {
      const released: TeacherEvent = { type: 'TeacherSeatReleased', data: { teacherId: TEACHER, studentId: 's1' } };
      given([small, taken('s1'), taken('s2')])
        .when({ type: 'ReleaseTeacherSeat', teacherId: TEACHER, studentId: 's1' })
        .then([released]);
      given([small, taken('s1'), taken('s2'), released])
        .when(take('s3'))
        .then([taken('s3')]);
    });
  });

  describe('ChangeTeacherAvailability with booked lessons', () => {
    const ZONE = 'America/Halifax';
    // Monday 2026-11-16 16:00 and 19:00 local (AST, UTC-4)
    const four = {
      lessonId: 'L4',
      studentId: 'S1',
      startsAt: '2026-11-16T20:00:00.000Z',
      endsAt: '2026-11-16T20:30:00.000Z',
    };
    const seven = {
      lessonId: 'L7',
      studentId: 'S2',
      startsAt: '2026-11-16T23:00:00.000Z',
      endsAt: '2026-11-16T23:30:00.000Z',
    };
    const afternoonsOnly = { monday: [{ start: '15:00', end: '17:30' }] };
    const change = (strandedLessons?: 'cancel' | 'keep'): TeacherCommand => ({
      type: 'ChangeTeacherAvailability',
      teacherId: TEACHER,
      availability: afternoonsOnly,
      booked: [seven, four],
      zone: ZONE,
      ...(strandedLessons ? { strandedLessons } : {}),
    });

    it('refuses new hours that leave a booked lesson outside them, listing it (409)', () =>
      expect(
        given([registered]).when(change()).refusal('LESSONS_OUTSIDE_NEW_AVAILABILITY', 'conflict').details,
      ).toEqual({ strandedLessons: [seven] }));

    it.each(['cancel', 'keep'] as const)('records what to do with them when told (%s)', (handling) =>
      given([registered])
        .when(change(handling))
        .then([
          {
            type: 'TeacherAvailabilityChanged',
            data: {
              teacherId: TEACHER,
              availability: afternoonsOnly,
              strandedLessons: { handling, lessonIds: ['L7'] },
            },
          },
        ]),
    );

    it('needs no word when every booked lesson still fits', () =>
      given([registered])
        .when({
          type: 'ChangeTeacherAvailability',
          teacherId: TEACHER,
          availability: afternoonsOnly,
          booked: [four],
          zone: ZONE,
        })
        .then([{ type: 'TeacherAvailabilityChanged', data: { teacherId: TEACHER, availability: afternoonsOnly } }]));
  });

  describe('ChangeTeacherDetails', () => {
    const details = (more: Partial<Extract<TeacherCommand, { type: 'ChangeTeacherDetails' }>>): TeacherCommand => ({
      type: 'ChangeTeacherDetails',
      teacherId: TEACHER,
      instrumentsInUse: [],
      ...more,
    });
    const taken = (studentId: string): TeacherEvent => ({
      type: 'TeacherSeatTaken',
      data: { teacherId: TEACHER, studentId },
    });

    it('records only what changed', () =>
      given([registered])
        .when(
          details({
            hourlyRateCents: 70_00,
            maxStudents: 30,
            instruments: ['voice', 'piano'],
            bio: '  Concert pianist.  ',
          }),
        )
        .then([
          {
            type: 'TeacherDetailsChanged',
            data: { teacherId: TEACHER, hourlyRateCents: 70_00, bio: 'Concert pianist.' },
          },
        ]));

    it('changes nothing when nothing differs; an empty bio clears it', () => {
      given([registered])
        .when(details({ hourlyRateCents: 65_00, bio: null }))
        .then([]);
      const withBio: TeacherEvent = { type: 'TeacherDetailsChanged', data: { teacherId: TEACHER, bio: 'x' } };
      given([registered, withBio])
        .when(details({ bio: '' }))
        .then([{ type: 'TeacherDetailsChanged', data: { teacherId: TEACHER, bio: null } }]);
    });

    it('refuses a student limit below the students the teacher has (409 with the count)', () => {
      const threeStudents = [registered, taken('s1'), taken('s2'), taken('s3')];
      expect(
        given(threeStudents)
          .when(details({ maxStudents: 2 }))
          .refusal('MAX_STUDENTS_BELOW_CURRENT', 'conflict').details,
      ).toEqual({ currentStudents: 3 });
      given(threeStudents)
        .when(details({ maxStudents: 3 }))
        .then([{ type: 'TeacherDetailsChanged', data: { teacherId: TEACHER, seats: 3 } }]);
    });

    it("refuses to drop an instrument the teacher's students learn", () =>
      given([registered])
        .when(details({ instruments: ['piano'], instrumentsInUse: ['voice'] }))
        .thenRefuses('INSTRUMENT_IN_USE', 'conflict'));

    it('refuses values out of range, and an unknown teacher', () => {
      given([registered])
        .when(details({ hourlyRateCents: 20_00 }))
        .thenRefuses('HOURLY_RATE_OUT_OF_RANGE', 'invalid');
      given([registered])
        .when(details({ maxStudents: 51 }))
        .thenRefuses('MAX_STUDENTS_OUT_OF_RANGE', 'invalid');
      given([registered])
        .when(details({ instruments: ['banjo'] }))
        .thenRefuses('UNKNOWN_INSTRUMENT', 'invalid');
      given([])
        .when(details({ bio: 'x' }))
        .thenRefuses('TEACHER_NOT_FOUND', 'not_found');
    });
  });

  describe('DeactivateTeacher / ReactivateTeacher', () => {
    const taken = (studentId: string): TeacherEvent => ({
      type: 'TeacherSeatTaken',
      data: { teacherId: TEACHER, studentId },
    });
    const deactivated: TeacherEvent = {
      type: 'TeacherDeactivated',
      data: { teacherId: TEACHER, reason: 'moving away', students: ['s1', 's2'] },
    };

    it('records the departure with the students whose seats go; once', () => {
      given([registered, taken('s1'), taken('s2')])
        .when({ type: 'DeactivateTeacher', teacherId: TEACHER, reason: ' moving away ' })
        .then([deactivated]);
      given([registered, taken('s1'), taken('s2'), deactivated])
        .when({ type: 'DeactivateTeacher', teacherId: TEACHER, reason: 'again' })
        .then([]);
    });

    it('an inactive teacher takes no new student', () =>
      given([registered, deactivated])
        .when({ type: 'TakeTeacherSeat', teacherId: TEACHER, studentId: 's9' })
        .thenRefuses('TEACHER_INACTIVE', 'rejected'));

    it('reactivates an inactive teacher, with no students; an active one changes nothing', () => {
      const back: TeacherEvent = { type: 'TeacherReactivated', data: { teacherId: TEACHER } };
      given([registered, taken('s1'), deactivated])
        .when({ type: 'ReactivateTeacher', teacherId: TEACHER })
        .then([back]);
      given([registered]).when({ type: 'ReactivateTeacher', teacherId: TEACHER }).then([]);
      given([registered, taken('s1'), deactivated, back])
        .when({ type: 'TakeTeacherSeat', teacherId: TEACHER, studentId: 's9' })
        .then([taken('s9')]);
    });
  });
});

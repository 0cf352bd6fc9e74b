import { TeacherCommand } from './teacher.commands';
import { teacherDecider } from './teacher.decider';
import { TeacherEvent } from './teacher.events';
import { DeciderSpecification } from '../../test/support/decider-specification';
import {
  registerTeacher as register,
  TEACHER,
  teacherRegistered as registered,
} from '../../test/support/teacher-fixtures';

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

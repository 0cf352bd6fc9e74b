import { TeacherCommand } from '../teacher.commands';
import { teacherDecider } from '../teacher.decider';
import { DeciderSpecification } from '../../../test/support/decider-specification';
import { TEACHER, teacherRegistered as registered } from '../../../test/support/teacher-fixtures';

const { given } = DeciderSpecification.for(teacherDecider);

describe('teacher decider', () => {
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
});

import { LessonCommand, lessonDecider, Requester, tooSoonFor } from './lesson.decider';
import { LessonEvent, LessonScheduled } from './lesson.events';
import { DeciderSpecification } from '../../test/support/decider-specification';

const scheduled = (overrides: Partial<LessonScheduled['data']> = {}): LessonEvent => ({
  type: 'LessonScheduled',
  data: {
    lessonId: 'L1',
    studentId: 'S1',
    teacherId: 'T1',
    startsAt: '2026-11-10T20:00:00.000Z',
    endsAt: '2026-11-10T20:30:00.000Z',
    durationMinutes: 30,
    lessonType: 'regular',
    seriesId: null,
    notes: null,
    makeupCreditId: null,
    ...overrides,
  },
});

const { given } = DeciderSpecification.for(lessonDecider);

const hoursBefore = (h: number) => new Date(Date.parse('2026-11-10T20:00:00.000Z') - h * 3_600_000).toISOString();

describe('lesson decider', () => {
  it('schedules a lesson; the same schedule again is a no-op', () => {
    const { type: _t, data } = scheduled() as { type: string; data: LessonScheduled['data'] };
    given([])
      .when({ type: 'ScheduleLesson', ...data })
      .then([scheduled()]);
    given([scheduled()])
      .when({ type: 'ScheduleLesson', ...data })
      .then([]);
  });

  describe('reschedule', () => {
    const move = (
      at: string,
      requestedBy: Requester = 'family',
      startsAt = '2026-11-12T20:00:00.000Z',
    ): LessonCommand => ({
      type: 'RescheduleLesson',
      lessonId: 'L1',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
      at,
      requestedBy,
    });

    it('moves a lesson more than 24 h ahead', () =>
      given([scheduled()])
        .when(move(hoursBefore(25)))
        .then([
          {
            type: 'LessonRescheduled',
            data: {
              lessonId: 'L1',
              previousStartsAt: '2026-11-10T20:00:00.000Z',
              previousEndsAt: '2026-11-10T20:30:00.000Z',
              startsAt: '2026-11-12T20:00:00.000Z',
              endsAt: '2026-11-12T20:30:00.000Z',
            },
          },
        ]));

    it('refuses within 24 h (422), exactly 24 h included', () => {
      given([scheduled()])
        .when(move(hoursBefore(23)))
        .thenRefuses('TOO_LATE_TO_RESCHEDULE', 'rejected');
      given([scheduled()])
        .when(move(hoursBefore(24)))
        .thenRefuses('TOO_LATE_TO_RESCHEDULE', 'rejected');
    });

    it(
      'a family moves it only to a time more than 24 h ahead, as a family books (422); the academy to any ' +
        'future time',
      () => {
        const at = hoursBefore(48); // 2026-11-08T20:00Z
        const hoursAfter = (h: number) => new Date(Date.parse(at) + h * 3_600_000).toISOString();
        given([scheduled()])
          .when(move(at, 'family', hoursAfter(10)))
          .thenRefuses('TOO_SOON_FOR_FAMILY', 'rejected');
        given([scheduled()])
          .when(move(at, 'family', hoursAfter(24)))
          .thenRefuses('TOO_SOON_FOR_FAMILY', 'rejected');
        given([scheduled()])
          .when(move(at, 'family', hoursAfter(25)))
          .then([expect.objectContaining({ type: 'LessonRescheduled' })]);
        given([scheduled()])
          .when(move(at, 'academy', hoursAfter(10)))
          .then([expect.objectContaining({ type: 'LessonRescheduled' })]);
        given([scheduled()])
          .when(move(at, 'academy', hoursAfter(-1)))
          .thenRefuses('IN_THE_PAST', 'rejected');
      },
    );

    it('one rule for booking and moving: tooSoonFor', () => {
      const at = '2026-11-08T20:00:00.000Z';
      expect(tooSoonFor('family', '2026-11-09T20:00:00.000Z', at)).toBe(true);
      expect(tooSoonFor('family', '2026-11-09T20:00:00.001Z', at)).toBe(false);
      expect(tooSoonFor('academy', '2026-11-08T20:00:01.000Z', at)).toBe(false);
    });

    it('refuses a cancelled lesson (409) and an unknown one (404)', () => {
      const cancelled: LessonEvent = {
        type: 'LessonCancelled',
        data: { lessonId: 'L1', reason: 'ill', initiatedBy: 'family', makeupCredit: true },
      };
      given([scheduled(), cancelled])
        .when(move(hoursBefore(48)))
        .thenRefuses('LESSON_NOT_SCHEDULED', 'conflict');
      given([])
        .when(move(hoursBefore(48)))
        .thenRefuses('LESSON_NOT_FOUND', 'not_found');
    });
  });

  describe('cancel', () => {
    const cancel = (at: string, initiatedBy: 'family' | 'teacher' = 'family'): LessonCommand => ({
      type: 'CancelLesson',
      lessonId: 'L1',
      reason: 'sick',
      initiatedBy,
      at,
    });
    const cancelled = (makeupCredit: boolean, initiatedBy: 'family' | 'teacher' = 'family'): LessonEvent => ({
      type: 'LessonCancelled',
      data: { lessonId: 'L1', reason: 'sick', initiatedBy, makeupCredit },
    });

    it('earns a makeup credit more than 24 h ahead', () =>
      given([scheduled()])
        .when(cancel(hoursBefore(30)))
        .then([cancelled(true)]));
    it('earns none later', () =>
      given([scheduled()])
        .when(cancel(hoursBefore(2)))
        .then([cancelled(false)]));
    it('always credits when the teacher cancels', () =>
      given([scheduled()])
        .when(cancel(hoursBefore(1), 'teacher'))
        .then([cancelled(true, 'teacher')]));
    it('never credits a demo lesson', () =>
      given([scheduled({ lessonType: 'demo' })])
        .when(cancel(hoursBefore(48)))
        .then([cancelled(false)]));
    it('refuses to cancel twice', () =>
      given([scheduled(), cancelled(true)])
        .when(cancel(hoursBefore(48)))
        .thenRefuses('LESSON_NOT_SCHEDULED', 'conflict'));
    it('records the cancellation of several it is part of (whose one notice tells everyone)', () =>
      given([scheduled()])
        .when({ ...cancel(hoursBefore(30)), cancellationId: 'C1' } as LessonCommand)
        .then([
          {
            type: 'LessonCancelled',
            data: { lessonId: 'L1', reason: 'sick', initiatedBy: 'family', makeupCredit: true, cancellationId: 'C1' },
          },
        ]));
  });

  describe('complete and no-show', () => {
    it('completes a started lesson with notes', () =>
      given([scheduled()])
        .when({ type: 'CompleteLesson', lessonId: 'L1', notes: 'scales', at: '2026-11-10T20:31:00.000Z' })
        .then([{ type: 'LessonCompleted', data: { lessonId: 'L1', notes: 'scales' } }]));
    it('refuses to complete before the start', () =>
      given([scheduled()])
        .when({ type: 'CompleteLesson', lessonId: 'L1', notes: null, at: hoursBefore(1) })
        .thenRefuses('NOT_STARTED', 'rejected'));
    it('records a no-show once started; not on a completed lesson', () => {
      given([scheduled()])
        .when({ type: 'RecordNoShow', lessonId: 'L1', at: '2026-11-10T20:10:00.000Z' })
        .then([{ type: 'LessonNoShowRecorded', data: { lessonId: 'L1' } }]);
      given([scheduled(), { type: 'LessonCompleted', data: { lessonId: 'L1', notes: null } }])
        .when({ type: 'RecordNoShow', lessonId: 'L1', at: '2026-11-10T20:10:00.000Z' })
        .thenRefuses('LESSON_NOT_SCHEDULED', 'conflict');
    });
  });

  describe('24 h reminder', () => {
    const remind = (at: string): LessonCommand => ({ type: 'RecordLessonReminder', lessonId: 'L1', at });
    const sent: LessonEvent = {
      type: 'LessonReminderSent',
      data: { lessonId: 'L1', startsAt: '2026-11-10T20:00:00.000Z' },
    };
    it('is recorded within the last 24 h before the start, exactly 24 h included', () => {
      given([scheduled()])
        .when(remind(hoursBefore(24)))
        .then([sent]);
      given([scheduled()])
        .when(remind(hoursBefore(1)))
        .then([sent]);
    });
    it('not earlier, not once started', () => {
      given([scheduled()])
        .when(remind(hoursBefore(24.01)))
        .then([]);
      given([scheduled()])
        .when(remind(hoursBefore(0)))
        .then([]);
    });
    it('once per lesson', () =>
      given([scheduled(), sent])
        .when(remind(hoursBefore(2)))
        .then([]));
    it('never for a cancelled, completed or unknown lesson', () => {
      given([
        scheduled(),
        { type: 'LessonCancelled', data: { lessonId: 'L1', reason: 'x', initiatedBy: 'teacher', makeupCredit: true } },
      ])
        .when(remind(hoursBefore(2)))
        .then([]);
      given([])
        .when(remind(hoursBefore(2)))
        .then([]);
    });
  });
});

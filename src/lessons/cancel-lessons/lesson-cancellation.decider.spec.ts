import {
  CancelLessonsTogetherCommand,
  CandidateLesson,
  lessonCancellationDecider,
} from './lesson-cancellation.decider';
import { LessonCancellationEvent } from './lesson-cancellation.events';
import { DeciderSpecification } from '../../../test/support/decider-specification';

const SERIES = '5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
const NOW = '2027-03-01T12:00:00.000Z';
const lesson = (n: number, startsAt: string, more: Partial<CandidateLesson> = {}): CandidateLesson => ({
  lessonId: `L${n}`,
  studentId: 'S1',
  teacherId: 'T1',
  startsAt,
  lessonType: 'regular',
  status: 'scheduled',
  ...more,
});
// A weekly series on Mondays at 16:00 Halifax time: two behind us, one within 24 h, two ahead.
const series = [
  lesson(1, '2027-02-22T20:00:00.000Z', { status: 'completed' }),
  lesson(2, '2027-03-01T10:00:00.000Z'),
  lesson(3, '2027-03-02T10:00:00.000Z'),
  lesson(4, '2027-03-15T19:00:00.000Z'),
  lesson(5, '2027-03-22T19:00:00.000Z', { status: 'cancelled' }),
  lesson(6, '2027-03-29T19:00:00.000Z'),
];

const command = (more: Partial<CancelLessonsTogetherCommand> = {}): CancelLessonsTogetherCommand => ({
  type: 'CancelLessonsTogether',
  cancellationId: 'C1',
  scope: { kind: 'series', seriesId: SERIES, from: NOW },
  reason: 'moving away',
  initiatedBy: 'family',
  lessons: series,
  at: NOW,
  ...more,
});

const cancelled = (
  data: Partial<Extract<LessonCancellationEvent, { type: 'LessonsCancelledTogether' }>['data']>,
): LessonCancellationEvent => ({
  type: 'LessonsCancelledTogether',
  data: {
    cancellationId: 'C1',
    scope: { kind: 'series', seriesId: SERIES, from: NOW },
    reason: 'moving away',
    initiatedBy: 'family',
    lessons: [],
    ...data,
  },
});

const { given } = DeciderSpecification.for(lessonCancellationDecider);

describe('cancelling several lessons together', () => {
  it(
    'takes only the scheduled lessons still to come, each with the single-lesson credit rule (family: only with ' +
      '24 h notice)',
    () =>
      given([])
        .when(command())
        .then([
          cancelled({
            lessons: [
              {
                lessonId: 'L3',
                studentId: 'S1',
                teacherId: 'T1',
                startsAt: '2027-03-02T10:00:00.000Z',
                makeupCredit: false,
              },
              {
                lessonId: 'L4',
                studentId: 'S1',
                teacherId: 'T1',
                startsAt: '2027-03-15T19:00:00.000Z',
                makeupCredit: true,
              },
              {
                lessonId: 'L6',
                studentId: 'S1',
                teacherId: 'T1',
                startsAt: '2027-03-29T19:00:00.000Z',
                makeupCredit: true,
              },
            ],
          }),
        ]),
  );

  it('the rest of a series: only the lessons from the given date on', () =>
    given([])
      .when(
        command({
          scope: { kind: 'series', seriesId: SERIES, from: '2027-03-20T00:00:00.000Z' },
          initiatedBy: 'teacher',
        }),
      )
      .then([
        cancelled({
          scope: { kind: 'series', seriesId: SERIES, from: '2027-03-20T00:00:00.000Z' },
          initiatedBy: 'teacher',
          lessons: [
            {
              lessonId: 'L6',
              studentId: 'S1',
              teacherId: 'T1',
              startsAt: '2027-03-29T19:00:00.000Z',
              makeupCredit: true,
            },
          ],
        }),
      ]));

  it('the academy or the teacher cancelling: every lesson earns a credit, even within 24 h; demo lessons never', () => {
    const [event] = given([]).when(
      command({
        initiatedBy: 'academy',
        lessons: [...series, lesson(7, '2027-04-05T19:00:00.000Z', { lessonType: 'demo' })],
      }),
    ).events;
    expect(event.data.lessons.map((l) => [l.lessonId, l.makeupCredit])).toEqual([
      ['L3', true],
      ['L4', true],
      ['L6', true],
      ['L7', false],
    ]);
  });

  it('changes nothing when nothing is left to cancel, or when it was recorded already', () => {
    given([])
      .when(command({ lessons: series.filter((l) => l.status !== 'scheduled') }))
      .then([]);
    given([cancelled({ lessons: [] })])
      .when(command())
      .then([]);
  });

  it('needs a reason', () =>
    given([])
      .when(command({ reason: '  ' }))
      .thenRefuses('REASON_REQUIRED'));
});

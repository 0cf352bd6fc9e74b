import { assertNever, Decider } from '../../shared/decider';
import { invalid } from '../../shared/domain-error';
import { earnsMakeupCredit } from '../lesson.decider';
import type { CancellationInitiator, LessonStatus, LessonType } from '../lesson.events';
import { CancellationScope, LessonCancellationEvent, LessonCancelledTogether } from './lesson-cancellation.events';

/** A lesson as it stands when several are cancelled together. */
export interface CandidateLesson {
  lessonId: string;
  studentId: string;
  teacherId: string;
  startsAt: string;
  lessonType: LessonType;
  status: LessonStatus;
}

export type CancelLessonsTogetherCommand = {
  type: 'CancelLessonsTogether';
  cancellationId: string;
  scope: CancellationScope;
  reason: string;
  initiatedBy: CancellationInitiator;
  /** the lessons the request names (e.g. every lesson of the series) */
  lessons: CandidateLesson[];
  at: string;
};

export type LessonCancellationState = { status: 'none' } | { status: 'recorded'; lessonIds: string[] };

/**
 * Which of the named lessons a cancellation of several takes: only scheduled ones (completed,
 * cancelled and no-show lessons are history), only ones not yet started, and for a series only
 * those from `from` on. Each carries the makeup credit the single-lesson rule gives it.
 */
export function lessonsToCancel(
  c: Pick<CancelLessonsTogetherCommand, 'scope' | 'initiatedBy' | 'lessons' | 'at'>,
): LessonCancelledTogether[] {
  const at = Date.parse(c.at);
  const from = c.scope.kind === 'series' ? Date.parse(c.scope.from) : at;
  return c.lessons
    .filter((l) => l.status === 'scheduled' && Date.parse(l.startsAt) > at && Date.parse(l.startsAt) >= from)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.lessonId.localeCompare(b.lessonId))
    .map((l) => ({
      lessonId: l.lessonId,
      studentId: l.studentId,
      teacherId: l.teacherId,
      startsAt: l.startsAt,
      makeupCredit: earnsMakeupCredit(l, c.initiatedBy, c.at),
    }));
}

function decide(c: CancelLessonsTogetherCommand, s: LessonCancellationState): LessonCancellationEvent[] {
  switch (c.type) {
    case 'CancelLessonsTogether': {
      if (s.status === 'recorded') return [];
      if (!c.reason.trim()) throw invalid('REASON_REQUIRED', 'say why the lessons are cancelled');
      const lessons = lessonsToCancel(c);
      // Nothing left to cancel (already cancelled, all in the past): nothing changes, nobody is told.
      if (lessons.length === 0) return [];
      return [
        {
          type: 'LessonsCancelledTogether',
          data: {
            cancellationId: c.cancellationId,
            scope: c.scope,
            reason: c.reason.trim(),
            initiatedBy: c.initiatedBy,
            lessons,
          },
        },
      ];
    }
    default:
      return assertNever(c.type);
  }
}

export const lessonCancellationDecider: Decider<
  CancelLessonsTogetherCommand,
  LessonCancellationState,
  LessonCancellationEvent
> = {
  initialState: () => ({ status: 'none' }),
  evolve(_state, event) {
    switch (event.type) {
      case 'LessonsCancelledTogether':
        return { status: 'recorded', lessonIds: event.data.lessons.map((l) => l.lessonId) };
      default:
        return assertNever(event.type);
    }
  },
  decide,
};

import type { CancellationInitiator } from '../lesson.events';

/**
 * Why several lessons were cancelled together: a series (all of it, or the rest from a date on),
 * or a teacher's new hours that left booked lessons outside them.
 */
export type CancellationScope =
  { kind: 'series'; seriesId: string; from: string } | { kind: 'outside-new-availability'; teacherId: string };

export interface LessonCancelledTogether {
  lessonId: string;
  studentId: string;
  teacherId: string;
  startsAt: string;
  /** whether this lesson's cancellation earned a makeup credit (the lesson decider's rule) */
  makeupCredit: boolean;
}

/**
 * Several lessons cancelled as one change. Each lesson then records its own LessonCancelled
 * (with this cancellationId), which frees the calendars and grants its credit; the family and the
 * teacher get one email each listing every date.
 */
export type LessonsCancelledTogether = {
  type: 'LessonsCancelledTogether';
  data: {
    cancellationId: string;
    scope: CancellationScope;
    reason: string;
    initiatedBy: CancellationInitiator;
    lessons: LessonCancelledTogether[];
  };
};

export type LessonCancellationEvent = LessonsCancelledTogether;

export const lessonCancellationStream = (cancellationId: string) => `lesson-cancellation-${cancellationId}`;

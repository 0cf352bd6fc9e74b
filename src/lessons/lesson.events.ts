export const LESSON_TYPES = ['demo', 'regular', 'makeup'] as const;
export type LessonType = (typeof LESSON_TYPES)[number];
export const LESSON_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];
/** Who asked for a cancellation: teacher-initiated ones always earn a makeup credit. */
export type CancellationInitiator = 'family' | 'teacher' | 'academy' | 'withdrawal';

export type LessonScheduled = {
  type: 'LessonScheduled';
  data: {
    lessonId: string;
    studentId: string;
    teacherId: string;
    startsAt: string;
    endsAt: string;
    durationMinutes: number;
    lessonType: LessonType;
    /** shared by the lessons of one recurring booking */
    seriesId: string | null;
    notes: string | null;
    /** the makeup credit this lesson consumed */
    makeupCreditId: string | null;
  };
};
export type LessonRescheduled = {
  type: 'LessonRescheduled';
  data: { lessonId: string; previousStartsAt: string; previousEndsAt: string; startsAt: string; endsAt: string };
};
export type LessonCancelled = {
  type: 'LessonCancelled';
  /**
   * cancellationId: present when the lesson was one of several cancelled together (a series, or
   * lessons left outside a teacher's new hours): LessonsCancelledTogether then tells each family
   * and the teacher once, listing every date, instead of one email per lesson.
   */
  data: {
    lessonId: string;
    reason: string;
    initiatedBy: CancellationInitiator;
    makeupCredit: boolean;
    cancellationId?: string;
  };
};
export type LessonCompleted = { type: 'LessonCompleted'; data: { lessonId: string; notes: string | null } };
export type LessonNoShowRecorded = { type: 'LessonNoShowRecorded'; data: { lessonId: string } };
/** The family was reminded of the lesson starting at `startsAt` (once per lesson, about 24 h ahead). */
export type LessonReminderSent = { type: 'LessonReminderSent'; data: { lessonId: string; startsAt: string } };

export type LessonEvent =
  LessonScheduled | LessonRescheduled | LessonCancelled | LessonCompleted | LessonNoShowRecorded | LessonReminderSent;
/** The events the lessons read model folds (a reminder changes no row). */
export const LESSON_EVENT_TYPES: readonly LessonEvent['type'][] = [
  'LessonScheduled',
  'LessonRescheduled',
  'LessonCancelled',
  'LessonCompleted',
  'LessonNoShowRecorded',
];

export const lessonStream = (lessonId: string) => `lesson-${lessonId}`;

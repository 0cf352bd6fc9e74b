import { assertNever, Decider } from '../shared/decider';
import { conflict, notFound, rejected } from '../shared/domain-error';
import { CancellationInitiator, LessonEvent, LessonScheduled, LessonStatus } from './lesson.events';
import {
  FAMILY_BOOKING_NOTICE_MS,
  inHours,
  MAKEUP_CREDIT_NOTICE_MS,
  REMINDER_LEAD_MS,
  RESCHEDULE_NOTICE_MS,
} from './notice-periods';

/** Who asks for a lesson time: a family (a parent) or the academy (the office). */
export type Requester = 'family' | 'academy';

/**
 * The one rule for the time a lesson is booked or moved to: a family chooses only a time more
 * than 24 h ahead (FAMILY_BOOKING_NOTICE_MS); the academy any future time. True when `startsAt`
 * is too soon.
 */
export function tooSoonFor(by: Requester, startsAt: string, at: string): boolean {
  return by === 'family' && Date.parse(startsAt) - Date.parse(at) <= FAMILY_BOOKING_NOTICE_MS;
}

export type LessonState =
  { status: 'none' } | ({ status: LessonStatus; reminderSent?: boolean } & LessonScheduled['data']);

export type ScheduleLessonCommand = { type: 'ScheduleLesson' } & LessonScheduled['data'];
export type RescheduleLessonCommand = {
  type: 'RescheduleLesson';
  lessonId: string;
  startsAt: string;
  endsAt: string;
  at: string;
  requestedBy: Requester;
};
/** cancellationId: set when the lesson is one of several cancelled together (see lesson-cancellation.decider.ts). */
export type CancelLessonCommand = {
  type: 'CancelLesson';
  lessonId: string;
  reason: string;
  initiatedBy: CancellationInitiator;
  at: string;
  cancellationId?: string;
};
export type CompleteLessonCommand = { type: 'CompleteLesson'; lessonId: string; notes: string | null; at: string };
export type RecordNoShowCommand = { type: 'RecordNoShow'; lessonId: string; at: string };
/** Records the reminder (REMINDER_LEAD_MS): only for a scheduled lesson starting within the next 24 h, once. */
export type RecordLessonReminderCommand = { type: 'RecordLessonReminder'; lessonId: string; at: string };
export type LessonCommand =
  | ScheduleLessonCommand
  | RescheduleLessonCommand
  | CancelLessonCommand
  | CompleteLessonCommand
  | RecordNoShowCommand
  | RecordLessonReminderCommand;

function scheduled(s: LessonState, lessonId: string) {
  if (s.status === 'none') throw notFound('LESSON_NOT_FOUND', `no lesson ${lessonId}`);
  if (s.status !== 'scheduled') throw conflict('LESSON_NOT_SCHEDULED', `the lesson is ${s.status.replace('_', '-')}`);
  return s;
}

const ms = (iso: string) => Date.parse(iso);

/**
 * The makeup-credit rule of a cancellation at `at`: by the teacher or the academy, always; by the
 * family, only with more than 24 h notice (MAKEUP_CREDIT_NOTICE_MS); because the student left,
 * never. Demo lessons never.
 */
export function earnsMakeupCredit(
  lesson: { lessonType: string; startsAt: string },
  initiatedBy: CancellationInitiator,
  at: string,
): boolean {
  const earlyEnough = ms(lesson.startsAt) - ms(at) > MAKEUP_CREDIT_NOTICE_MS;
  return lesson.lessonType !== 'demo' && initiatedBy !== 'withdrawal' && (initiatedBy !== 'family' || earlyEnough);
}

function decide(c: LessonCommand, s: LessonState): LessonEvent[] {
  switch (c.type) {
    case 'ScheduleLesson': {
      if (s.status !== 'none') {
        if (s.startsAt === c.startsAt && s.studentId === c.studentId && s.teacherId === c.teacherId) return [];
        throw conflict('LESSON_EXISTS', `lesson ${c.lessonId} already exists`);
      }
      const { type: _type, ...data } = c;
      return [{ type: 'LessonScheduled', data }];
    }
    case 'RescheduleLesson': {
      const l = scheduled(s, c.lessonId);
      if (ms(l.startsAt) - ms(c.at) <= RESCHEDULE_NOTICE_MS) {
        throw rejected(
          'TOO_LATE_TO_RESCHEDULE',
          `a lesson can be moved only more than ${inHours(RESCHEDULE_NOTICE_MS)} hours before it starts`,
        );
      }
      if (ms(c.startsAt) <= ms(c.at)) throw rejected('IN_THE_PAST', 'the new time is in the past');
      if (tooSoonFor(c.requestedBy, c.startsAt, c.at)) {
        throw rejected(
          'TOO_SOON_FOR_FAMILY',
          `families move a lesson only to a time more than ${inHours(FAMILY_BOOKING_NOTICE_MS)} hours ahead; ` +
            'call the office for an earlier time',
        );
      }
      if (l.startsAt === c.startsAt && l.endsAt === c.endsAt) return [];
      return [
        {
          type: 'LessonRescheduled',
          data: {
            lessonId: c.lessonId,
            previousStartsAt: l.startsAt,
            previousEndsAt: l.endsAt,
            startsAt: c.startsAt,
            endsAt: c.endsAt,
          },
        },
      ];
    }
    case 'CancelLesson': {
      const l = scheduled(s, c.lessonId);
      const makeupCredit = earnsMakeupCredit(l, c.initiatedBy, c.at);
      return [
        {
          type: 'LessonCancelled',
          data: {
            lessonId: c.lessonId,
            reason: c.reason,
            initiatedBy: c.initiatedBy,
            makeupCredit,
            ...(c.cancellationId ? { cancellationId: c.cancellationId } : {}),
          },
        },
      ];
    }
    case 'CompleteLesson': {
      const l = scheduled(s, c.lessonId);
      if (ms(c.at) < ms(l.startsAt)) throw rejected('NOT_STARTED', 'a lesson can be completed once it has started');
      return [{ type: 'LessonCompleted', data: { lessonId: c.lessonId, notes: c.notes } }];
    }
    case 'RecordNoShow': {
      const l = scheduled(s, c.lessonId);
      if (ms(c.at) < ms(l.startsAt))
        throw rejected('NOT_STARTED', 'a no-show can be recorded once the lesson has started');
      return [{ type: 'LessonNoShowRecorded', data: { lessonId: c.lessonId } }];
    }
    case 'RecordLessonReminder': {
      if (s.status !== 'scheduled' || s.reminderSent) return [];
      const ahead = ms(s.startsAt) - ms(c.at);
      if (ahead <= 0 || ahead > REMINDER_LEAD_MS) return [];
      return [{ type: 'LessonReminderSent', data: { lessonId: c.lessonId, startsAt: s.startsAt } }];
    }
    default:
      return assertNever(c);
  }
}

export const lessonDecider: Decider<LessonCommand, LessonState, LessonEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'LessonScheduled':
        return { status: 'scheduled', ...event.data };
      case 'LessonRescheduled':
        return state.status === 'none' ? state : { ...state, startsAt: event.data.startsAt, endsAt: event.data.endsAt };
      case 'LessonCancelled':
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      case 'LessonCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      case 'LessonNoShowRecorded':
        return state.status === 'none' ? state : { ...state, status: 'no_show' };
      case 'LessonReminderSent':
        return state.status === 'none' ? state : { ...state, reminderSent: true };
      default:
        return assertNever(event);
    }
  },
  decide,
};

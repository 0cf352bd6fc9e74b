import { enrollmentDecider } from '../enrollment/enrollment.decider';
import { enrollmentRequestDecider } from '../enrollment/submit-enrollment/enrollment-requests';
import { emailClaimDecider } from '../identity/email-claim.decider';
import { userDecider } from '../identity/user.decider';
import { lessonDecider } from '../lessons/lesson.decider';
import { calendarDecider } from '../scheduling/calendar.decider';
import { DomainEvent } from '../shared/decider';
import { studentDecider } from '../students/student.decider';
import { teacherDecider } from '../teachers/teacher.decider';

/** What a replay needs of a decider: how to start and how to take one event. */
export interface Fold {
  initialState(): unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  evolveAll?(state: unknown, events: readonly DomainEvent[]): unknown;
}

const asFold = (d: { initialState(): unknown; evolve(state: never, event: never): unknown }): Fold =>
  d as unknown as Fold;

/**
 * Which decider owns a stream, by the stream id's prefix (see each context's `*Stream()`).
 * The longest matching prefix wins: `teacher-calendar-…` is a calendar, `teacher-…` a teacher.
 */
const BY_PREFIX: readonly (readonly [string, string, Fold])[] = [
  ['teacher-calendar-', 'calendar', asFold(calendarDecider)],
  ['student-calendar-', 'calendar', asFold(calendarDecider)],
  ['enrollment-request-', 'enrollment-request', asFold(enrollmentRequestDecider)],
  ['enrollment-', 'enrollment', asFold(enrollmentDecider)],
  ['teacher-', 'teacher', asFold(teacherDecider)],
  ['student-', 'student', asFold(studentDecider)],
  ['lesson-', 'lesson', asFold(lessonDecider)],
  ['email-', 'email-claim', asFold(emailClaimDecider)],
  ['user-', 'user', asFold(userDecider)],
].sort((a, b) => (b[0] as string).length - (a[0] as string).length) as never;

export function deciderOf(streamId: string): { aggregate: string; fold: Fold } | null {
  for (const [prefix, aggregate, fold] of BY_PREFIX) if (streamId.startsWith(prefix)) return { aggregate, fold };
  return null;
}

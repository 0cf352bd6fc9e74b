import { DateTime } from 'luxon';
import { EnrollmentState, EnrollmentStatus } from '../enrollment.decider';

/**
 * What the follow link shows. Privacy rule (docs/privacy.md): the public form answers alike for an
 * address with or without a family account, so until the owner of the parent address has answered
 * an email we sent there (set a password from the welcome link, or confirmed the family's
 * enrollment), the view holds only what is the same in both cases: the child's first name and
 * instrument as the form gave them, and that we emailed the parent.
 */
export type FollowView =
  | { enrollmentId: string; studentFirstName: string; instrument: string; stage: 'received'; progress: null }
  | { enrollmentId: string; studentFirstName: string; instrument: string; stage: 'progress'; progress: FollowProgress };

export interface FollowProgress {
  status: EnrollmentStatus;
  /** the assigned teacher's name, once a teacher is assigned */
  teacherName: string | null;
  /** the demo lesson, once booked: the instant, and the same in the academy's time zone */
  demoLesson: { startsAt: string; academyTime: string; timeZone: string } | null;
  /** why it was waitlisted, rejected or could not go on */
  reason: string | null;
}

type Started = Exclude<EnrollmentState, { status: 'none' }>;

/**
 * Has the owner of the parent address answered us? An existing family answers by confirming the
 * held enrollment (by the emailed link, or signed in); a family the enrollment created, by setting
 * its password from the welcome email. Staff and signed-in parents proved who they are when they
 * sent the form, so their enrollment's family is confirmed as it is identified.
 */
export function ownerHasAnswered(state: Started, passwordSet: boolean): boolean {
  const family = state.family;
  if (family?.status !== 'confirmed') return false;
  return family.via === 'new-family' ? passwordSet : true;
}

export function followView(
  state: Started,
  facts: { passwordSet: boolean; reason: string | null; teacherName: string | null; timeZone: string },
): FollowView {
  const base = {
    enrollmentId: state.enrollmentId,
    studentFirstName: state.application.studentFirstName,
    instrument: state.application.instrument,
  };
  if (!ownerHasAnswered(state, facts.passwordSet)) return { ...base, stage: 'received', progress: null };
  const demo = state.demoStartsAt
    ? {
        startsAt: state.demoStartsAt,
        academyTime: DateTime.fromISO(state.demoStartsAt, { zone: facts.timeZone }).toFormat(
          "cccc d LLLL yyyy 'at' h:mm a ZZZZ",
        ),
        timeZone: facts.timeZone,
      }
    : null;
  const reasonShown = ['waitlisted', 'rejected', 'failed'].includes(state.status) ? facts.reason : null;
  return {
    ...base,
    stage: 'progress',
    progress: { status: state.status, teacherName: facts.teacherName, demoLesson: demo, reason: reasonShown },
  };
}

import { Decider } from '../shared/decider';
import { FamilyEvent } from './family.events';

export type ForgetFamily = {
  type: 'ForgetFamily';
  familyId: string;
  studentIds: string[];
  enrollmentIds: string[];
  lessonIds: string[];
  at: string;
};

export type FamilyState = { forgotten: false } | { forgotten: true; forgottenAt: string };

/** A family is forgotten once: asking again records nothing new. */
export const familyDecider: Decider<ForgetFamily, FamilyState, FamilyEvent> = {
  initialState: () => ({ forgotten: false }),
  evolve: (_s, e) => ({ forgotten: true, forgottenAt: e.data.forgottenAt }),
  decide(c, s) {
    if (s.forgotten) return [];
    return [
      {
        type: 'FamilyForgotten',
        data: {
          familyId: c.familyId,
          studentIds: c.studentIds,
          enrollmentIds: c.enrollmentIds,
          lessonIds: c.lessonIds,
          forgottenAt: c.at,
        },
      },
    ];
  },
};

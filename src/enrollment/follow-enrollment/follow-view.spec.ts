import { enrollmentDecider, EnrollmentState } from '../enrollment.decider';
import { EnrollmentEvent } from '../enrollment.events';
import { followView } from './follow-view';
import { enrollmentFollowToken, isEnrollmentFollowToken } from './follow-token';
import { DeciderSpecification } from '../../../test/support/decider-specification';
import { storedApplication } from '../../../test/support/fixtures';

const E = 'e-1';
const application = storedApplication({
  parentPhone: '+19025550123',
  preferredLessonDay: null,
  preferredLessonTime: null,
});
const submitted: EnrollmentEvent = { type: 'EnrollmentSubmitted', data: { enrollmentId: E, application } };
const validated: EnrollmentEvent = { type: 'EnrollmentValidated', data: { enrollmentId: E, ageYears: 10 } };
const newFamily: EnrollmentEvent = {
  type: 'FamilyConfirmed',
  data: { enrollmentId: E, parentId: 'p-new', via: 'new-family' },
};
const held: EnrollmentEvent = {
  type: 'FamilyConfirmationRequested',
  data: { enrollmentId: E, parentId: 'p-old', expiresAt: '2026-10-28T12:00:00.000Z' },
};
const confirmedByLink: EnrollmentEvent = {
  type: 'FamilyConfirmed',
  data: { enrollmentId: E, parentId: 'p-old', via: 'email-link' },
};
const demo: EnrollmentEvent = {
  type: 'DemoScheduled',
  data: {
    enrollmentId: E,
    teacherId: 't-1',
    lessonId: 'l-1',
    startsAt: '2026-10-26T18:00:00.000Z',
    endsAt: '2026-10-26T18:30:00.000Z',
  },
};
const completed: EnrollmentEvent = { type: 'EnrollmentCompleted', data: { enrollmentId: E } };

const { stateAfter } = DeciderSpecification.for(enrollmentDecider);
const given = (events: EnrollmentEvent[]) => stateAfter(events) as Exclude<EnrollmentState, { status: 'none' }>;
const facts = (passwordSet: boolean) => ({
  passwordSet,
  reason: null,
  teacherName: 'Clara Schumann',
  timeZone: 'America/Halifax',
});
const received = { enrollmentId: E, studentFirstName: 'Lily', instrument: 'piano', stage: 'received', progress: null };

describe(
  'the follow view: nothing that tells whether the parent address had an account, until its owner answers ' + 'us',
  () => {
    it(
      'a new family whose parent has not set a password yet, and an existing family that has not confirmed, look ' +
        'the same',
      () => {
        const newAddress = followView(given([submitted, validated, newFamily, demo, completed]), facts(false));
        const existingAddress = followView(given([submitted, validated, held]), facts(true));
        expect(newAddress).toEqual(received);
        expect(existingAddress).toEqual(received);
        expect(followView(given([submitted]), facts(false))).toEqual(received);
      },
    );

    it('shows progress once the new parent set a password from the welcome email', () => {
      expect(followView(given([submitted, validated, newFamily, demo, completed]), facts(true))).toEqual({
        ...received,
        stage: 'progress',
        progress: {
          status: 'completed',
          teacherName: 'Clara Schumann',
          demoLesson: {
            startsAt: '2026-10-26T18:00:00.000Z',
            academyTime: 'Monday 26 October 2026 at 3:00 PM ADT',
            timeZone: 'America/Halifax',
          },
          reason: null,
        },
      });
    });

    it('shows progress once the existing family confirmed, whether or not it has a password', () => {
      expect(followView(given([submitted, validated, held, confirmedByLink]), facts(false))).toMatchObject({
        stage: 'progress',
        progress: { status: 'running', demoLesson: null },
      });
    });

    it('a declined or expired request never shows progress', () => {
      expect(
        followView(
          given([
            submitted,
            validated,
            held,
            { type: 'FamilyConfirmationDeclined', data: { enrollmentId: E, parentId: 'p-old' } },
          ]),
          facts(true),
        ),
      ).toEqual(received);
    });

    it('gives the reason of a waitlisted enrollment, not of a running one', () => {
      const waitlisted: EnrollmentEvent = {
        type: 'EnrollmentWaitlisted',
        data: { enrollmentId: E, instrument: 'piano', stage: 'assignment', reason: 'no piano teacher has room' },
      };
      expect(
        followView(given([submitted, validated, newFamily, waitlisted]), {
          ...facts(true),
          reason: 'no piano teacher has room',
        }).progress,
      ).toMatchObject({ status: 'waitlisted', reason: 'no piano teacher has room' });
      expect(
        followView(given([submitted, validated, newFamily]), { ...facts(true), reason: 'stale' }).progress,
      ).toMatchObject({ status: 'running', reason: null });
    });

    it('the token is keyed, per enrollment, and not the family confirmation token', () => {
      const token = enrollmentFollowToken('s'.repeat(40), E);
      expect(isEnrollmentFollowToken('s'.repeat(40), E, token)).toBe(true);
      expect(isEnrollmentFollowToken('t'.repeat(40), E, token)).toBe(false);
      expect(isEnrollmentFollowToken('s'.repeat(40), 'e-2', token)).toBe(false);
      expect(isEnrollmentFollowToken('s'.repeat(40), E, token.slice(1))).toBe(false);
    });
  },
);

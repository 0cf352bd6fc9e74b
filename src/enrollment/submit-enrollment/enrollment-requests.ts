import { PrivateStreamIds } from '../../privacy/private-stream-ids';
import { assertNever, Decider } from '../../shared/decider';
import { EnrollmentApplication } from '../enrollment.events';

/**
 * One stream per family, child and instrument records which enrollment is that request's: a
 * form sent twice (a double click, a retry without a key, a second tab) while the first is
 * still going or done is the same enrollment, and two concurrent sends cannot both open one.
 * The stream id is a keyed hash, so knowing a family's address does not find its streams.
 */
export type EnrollmentRequestOpened = { type: 'EnrollmentRequestOpened'; data: { enrollmentId: string } };
export type EnrollmentRequestEvent = EnrollmentRequestOpened;

export type EnrollmentRequestState = { latest: string | null };

export type OpenEnrollmentRequest = {
  type: 'OpenEnrollmentRequest';
  enrollmentId: string;
  /** enrollments of this request known to have ended (rejected, failed, declined, expired): a new one may start */
  ended: readonly string[];
};

export const enrollmentRequestDecider: Decider<OpenEnrollmentRequest, EnrollmentRequestState, EnrollmentRequestEvent> =
  {
    initialState: () => ({ latest: null }),
    evolve(_s, e) {
      switch (e.type) {
        case 'EnrollmentRequestOpened':
          return { latest: e.data.enrollmentId };
        default:
          return assertNever(e.type);
      }
    },
    decide(c, s) {
      // The request's enrollment stands unless it is known to have ended.
      if (s.latest && (s.latest === c.enrollmentId || !c.ended.includes(s.latest))) return [];
      return [{ type: 'EnrollmentRequestOpened', data: { enrollmentId: c.enrollmentId } }];
    },
  };

const canonical = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The request's stream: the family's address, the child's names and birth date, the instrument. */
export function enrollmentRequestStream(
  ids: PrivateStreamIds,
  a: Pick<
    EnrollmentApplication,
    'parentEmail' | 'studentFirstName' | 'studentLastName' | 'studentDateOfBirth' | 'instrument'
  >,
): string {
  const named = [a.parentEmail, a.studentFirstName, a.studentLastName, a.studentDateOfBirth, a.instrument];
  return `enrollment-request-${ids.hash('enrollment-request', ...named.map(canonical))}`;
}

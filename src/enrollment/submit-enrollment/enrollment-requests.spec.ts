import { PrivateStreamIds } from '../../privacy/private-stream-ids';
import {
  enrollmentRequestDecider,
  EnrollmentRequestEvent,
  enrollmentRequestStream,
  OpenEnrollmentRequest,
} from './enrollment-requests';
import { DeciderSpecification } from '../../../test/support/decider-specification';

const { given } = DeciderSpecification.for(enrollmentRequestDecider);
const opened = (enrollmentId: string): EnrollmentRequestEvent => ({
  type: 'EnrollmentRequestOpened',
  data: { enrollmentId },
});
const open = (enrollmentId: string, ended: string[] = []): OpenEnrollmentRequest => ({
  type: 'OpenEnrollmentRequest',
  enrollmentId,
  ended,
});

describe('enrollment requests: one enrollment per family, child and instrument', () => {
  it('opens the first', () =>
    given([])
      .when(open('E1'))
      .then([opened('E1')]));
  it('keeps the standing one while it is not known to have ended', () => {
    given([opened('E1')])
      .when(open('E2'))
      .then([]);
    given([opened('E1')])
      .when(open('E1'))
      .then([]);
    given([opened('E1')])
      .when(open('E2', ['E0']))
      .then([]);
  });
  it('opens a new one once the standing one ended', () =>
    given([opened('E1')])
      .when(open('E2', ['E1']))
      .then([opened('E2')]));

  const form = {
    parentEmail: 'mei@example.com',
    studentFirstName: 'Lily',
    studentLastName: 'Chen',
    studentDateOfBirth: '2016-05-14',
    instrument: 'piano' as const,
  };
  it('names the request by a keyed hash of what identifies it, ignoring case and spacing', () => {
    const ids = PrivateStreamIds.fromMasterKey(Buffer.alloc(32, 1));
    const stream = enrollmentRequestStream(ids, form);
    expect(stream).toMatch(/^enrollment-request-[0-9a-f]{40}$/);
    expect(enrollmentRequestStream(ids, { ...form, parentEmail: 'MEI@example.com ', studentFirstName: ' lily' })).toBe(
      stream,
    );
    expect(enrollmentRequestStream(ids, { ...form, instrument: 'violin' })).not.toBe(stream);
    expect(enrollmentRequestStream(ids, { ...form, studentDateOfBirth: '2016-05-15' })).not.toBe(stream);
    expect(enrollmentRequestStream(PrivateStreamIds.fromMasterKey(Buffer.alloc(32, 2)), form)).not.toBe(stream);
  });
});

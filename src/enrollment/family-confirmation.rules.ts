/** Who may answer an enrollment held for its family's confirmation, and when (docs/domain.md, Enrollment). */
import { conflict, DomainError } from '../shared/domain-error';
import { EnrollmentEvent } from './enrollment.events';
import { EnrollmentCommand, EnrollmentState } from './enrollment.state';

type Started = Exclude<EnrollmentState, { status: 'none' }>;
type ConfirmFamilyCommand = Extract<EnrollmentCommand, { type: 'ConfirmFamily' }>;

/**
 * The family answers a held enrollment (or the workflow establishes a new or signed-in family):
 * only the family asked, only before the request expires, and only once.
 */
export function confirmFamily(c: ConfirmFamilyCommand, s: Started): EnrollmentEvent[] {
  const confirmed: EnrollmentEvent = {
    type: 'FamilyConfirmed',
    data: { enrollmentId: s.enrollmentId, parentId: c.parentId, via: c.via },
  };
  if (!s.family && c.via !== 'email-link') return s.status === 'running' ? [confirmed] : [];
  if (s.family?.status === 'confirmed') return [];
  const family = awaitedFamily(s, c.at, 'confirmed');
  if (!family) return [];
  if (family.parentId !== c.parentId)
    throw new DomainError('forbidden', 'NOT_THIS_FAMILY', 'only the family this enrollment names can confirm it');
  return [confirmed];
}

/** The family asked, when the request can still be answered; [] when it was answered that way already. */
export function awaitedFamily(s: Started, at: string, answer: 'confirmed' | 'declined') {
  const family = s.family;
  if (!family) throw conflict('NOT_AWAITING_CONFIRMATION', 'this enrollment is not waiting for a family confirmation');
  if (family.status === 'awaiting') {
    if (Date.parse(at) >= Date.parse(family.expiresAt))
      throw new DomainError(
        'rejected',
        'CONFIRMATION_EXPIRED',
        'this confirmation link has expired; submit the enrollment again',
      );
    return family;
  }
  if (family.status === answer) return null;
  throw conflict(
    'CONFIRMATION_ANSWERED',
    `this enrollment was already ${family.status === 'confirmed' ? 'confirmed' : family.status}`,
  );
}

import { CommandContext } from '../../src/cqrs/command-context';
import { EnrollmentApplication } from '../../src/enrollment/enrollment.events';
import { EventMetadata } from '../../src/event-store/event-store.port';
import { newId } from '../../src/shared/ids';

/** A family's enrollment form as the public site sends it (a fresh parent email each time). */
export const enrollmentApplication = (over: Record<string, unknown> = {}) => ({
  studentFirstName: 'Lily',
  studentLastName: 'Chen',
  studentDateOfBirth: '2016-05-14',
  parentFirstName: 'Mei',
  parentLastName: 'Chen',
  parentEmail: `mei-${newId().slice(0, 8)}@example.com`,
  parentPhone: '+19025550123',
  instrument: 'piano',
  preferredLessonDay: 'monday',
  preferredLessonTime: 'afternoon',
  lessonDuration: 30,
  paymentToken: 'pm_card_visa',
  agreedToTerms: true,
  ...over,
});

/** An enrollment's application as EnrollmentSubmitted stores it. */
export const storedApplication = (over: Partial<EnrollmentApplication> = {}): EnrollmentApplication => ({
  studentFirstName: 'Lily',
  studentLastName: 'Chen',
  studentDateOfBirth: '2016-05-14',
  studentEmail: null,
  parentFirstName: 'Mei',
  parentLastName: 'Chen',
  parentEmail: 'mei@example.com',
  parentPhone: '9025550123',
  instrument: 'piano',
  preferredLessonDay: 'monday',
  preferredLessonTime: 'afternoon',
  lessonDurationMinutes: 30,
  paymentToken: 'pm_card_visa',
  ...over,
});

/** A command the system issues (no person asking) at `issuedAt`, in the run `correlationId`. */
export const systemContext = (commandId: string, issuedAt: string, correlationId = commandId): CommandContext => ({
  commandId,
  correlationId,
  causationId: null,
  actor: { id: 'system', role: 'system' },
  issuedAt,
});

/** The metadata of an event the system recorded at `occurredAt`, in the run `correlationId`. */
export const systemMetadata = (occurredAt: string, correlationId: string): EventMetadata => ({
  correlationId,
  causationId: null,
  actor: { id: 'system', role: 'system' },
  occurredAt,
  schemaVersion: 1,
});

/** A TeacherRegistered event's data: a piano teacher who teaches Mondays, 09:00 to 17:00. */
export const teacherRegisteredData = (teacherId: string) => ({
  teacherId,
  userId: 'U1',
  firstName: 'Clara',
  lastName: 'Wieck',
  email: 'clara@example.com',
  instruments: ['piano'],
  hourlyRateCents: 7000,
  seats: 20,
  availability: { monday: [{ start: '09:00', end: '17:00' }] },
  bio: null,
});

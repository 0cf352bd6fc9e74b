import { parentIdFor } from '../enrollment/nodes/node-commands';

/** What reads show in place of personal data whose family was forgotten. */
export const ERASED = '[erased]';

/** Lookups a registry entry may need to find the family an event belongs to. */
export interface FamilyLookups {
  /** the user id an email address is claimed by, if any */
  ownerOfEmail(email: string): Promise<string | null>;
  /** the family a student, enrollment or lesson was recorded under, if any */
  familyOfSubject(subjectId: string): Promise<string | null>;
  /** true when the family has a data key (it has personal data in the log) */
  isFamily(familyId: string): Promise<boolean>;
}

export interface FamilySubject {
  id: string;
  kind: 'student' | 'enrollment' | 'lesson' | 'payment';
}

const subject = (id: unknown, kind: FamilySubject['kind']): FamilySubject[] =>
  typeof id === 'string' && id ? [{ id, kind }] : [];

export interface PersonalDataRule {
  /** dotted paths inside `data` of the values that are personal data */
  fields: readonly string[];
  /** the family (parent account id) whose key encrypts them; null: the event concerns no family */
  familyOf(data: Record<string, unknown>, lookups: FamilyLookups): Promise<string | null>;
  /** ids (students, enrollments, lessons) this event ties to the family, for later events and erasure */
  subjects?(data: Record<string, unknown>): FamilySubject[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Every event type that carries a family's personal data: names, emails, phones, dates of
 * birth, notes, and free text that can name a child (payment descriptions, refund, withdrawal
 * and cancellation reasons), a child's age and the family's card. A family is its parent
 * account; students, enrollments, lessons and payments are tied to it when they first appear.
 * Amounts, times and ids are not personal data and stay readable.
 */
export const PERSONAL_DATA: Readonly<Record<string, PersonalDataRule>> = {
  EnrollmentSubmitted: {
    fields: [
      'application.studentFirstName',
      'application.studentLastName',
      'application.studentDateOfBirth',
      'application.studentEmail',
      'application.parentFirstName',
      'application.parentLastName',
      'application.parentEmail',
      'application.parentPhone',
    ],
    // The parent account the enrollment will use: the address's owner, or the one derived from it.
    async familyOf(data, lookups) {
      const email = str((data.application as Record<string, unknown> | undefined)?.parentEmail);
      if (!email) return null;
      return (await lookups.ownerOfEmail(email.trim().toLowerCase())) ?? parentIdFor(email);
    },
    subjects: (data) => subject(data.enrollmentId, 'enrollment'),
  },
  EnrollmentValidated: {
    fields: ['ageYears'],
    familyOf: async (data, lookups) =>
      str(data.enrollmentId) ? lookups.familyOfSubject(data.enrollmentId as string) : null,
  },
  EnrollmentRejected: {
    // "must be 5 to 18 years old (is 19)": the child's age
    fields: ['reason'],
    familyOf: async (data, lookups) =>
      str(data.enrollmentId) ? lookups.familyOfSubject(data.enrollmentId as string) : null,
  },
  PaymentMethodSetUp: {
    fields: ['brand', 'last4'],
    familyOf: async (data) => str(data.parentId),
  },
  PaymentRequested: {
    fields: ['description'],
    familyOf: async (data) => str(data.parentId),
    subjects: (data) => subject(data.paymentId, 'payment'),
  },
  RefundRequested: {
    fields: ['reason'],
    familyOf: async (data, lookups) => (str(data.paymentId) ? lookups.familyOfSubject(data.paymentId as string) : null),
  },
  LessonCancelled: {
    fields: ['reason'],
    familyOf: async (data, lookups) => (str(data.lessonId) ? lookups.familyOfSubject(data.lessonId as string) : null),
  },
  LessonsCancelledTogether: {
    // A series is one family's: its reason is theirs ("moving to Toronto"). Lessons outside a
    // teacher's new hours span families, and their reason is the academy's own fixed text.
    fields: ['reason'],
    async familyOf(data, lookups) {
      const scope = data.scope as { kind?: string } | undefined;
      const [first] = (data.lessons as { lessonId?: unknown }[] | undefined) ?? [];
      return scope?.kind === 'series' && first && str(first.lessonId)
        ? lookups.familyOfSubject(first.lessonId as string)
        : null;
    },
  },
  StudentWithdrawn: {
    fields: ['reason'],
    familyOf: async (data, lookups) => (str(data.studentId) ? lookups.familyOfSubject(data.studentId as string) : null),
  },
  UserRegistered: {
    fields: ['email', 'displayName'],
    familyOf: async (data) => (data.role === 'parent' ? str(data.userId) : null),
  },
  EmailClaimed: {
    fields: ['email'],
    // Staff accounts are no family: only an address claimed for a family's parent is personal family data.
    async familyOf(data, lookups) {
      const userId = str(data.userId);
      return userId && (await lookups.isFamily(userId)) ? userId : null;
    },
  },
  StudentEnrolled: {
    fields: ['firstName', 'lastName', 'dateOfBirth'],
    familyOf: async (data) => str(data.parentId),
    subjects: (data) => subject(data.studentId, 'student'),
  },
  LessonScheduled: {
    fields: ['notes'],
    familyOf: async (data, lookups) => (str(data.studentId) ? lookups.familyOfSubject(data.studentId as string) : null),
    subjects: (data) => subject(data.lessonId, 'lesson'),
  },
  LessonCompleted: {
    fields: ['notes'],
    familyOf: async (data, lookups) => (str(data.lessonId) ? lookups.familyOfSubject(data.lessonId as string) : null),
  },
};

/** True when a read value is personal data of a forgotten family. */
export const isErased = (v: unknown): boolean => v === ERASED;

/** The users read model keeps emails unique: a forgotten parent's email becomes this. */
export const erasedEmailOf = (userId: string): string => `[erased:${userId}]`;
export const isErasedEmail = (email: string): boolean => email.startsWith('[erased');

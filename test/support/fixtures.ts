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

import { AssignEnrollmentTeacherHandler } from './assign-teacher';
import { CreateStudentAccountHandler } from './create-student-account';
import { IdentifyFamilyHandler } from './identify-family';
import { ScheduleDemoLessonHandler } from './schedule-demo-lesson';
import { SendWelcomeEmailsHandler } from './send-welcome-emails';
import { SetupPaymentMethodHandler } from './setup-payment-method';
import { ValidateEnrollmentHandler } from './validate-enrollment';

export * from './node-commands';

export const ENROLLMENT_NODE_HANDLERS = [
  ValidateEnrollmentHandler,
  IdentifyFamilyHandler,
  CreateStudentAccountHandler,
  SetupPaymentMethodHandler,
  AssignEnrollmentTeacherHandler,
  ScheduleDemoLessonHandler,
  SendWelcomeEmailsHandler,
];

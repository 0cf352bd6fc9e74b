import { AssignEnrollmentTeacherHandler } from './assign-teacher.handler';
import { CreateStudentAccountHandler } from './create-student-account.handler';
import { IdentifyFamilyHandler } from './identify-family.handler';
import { ScheduleDemoLessonHandler } from './schedule-demo-lesson.handler';
import { SendWelcomeEmailsHandler } from './send-welcome-emails.handler';
import { SetupPaymentMethodHandler } from './setup-payment-method.handler';
import { ValidateEnrollmentHandler } from './validate-enrollment.handler';

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

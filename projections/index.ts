import { EnrollmentRow } from './enrollments/enrollment.entity';
import { LessonRow } from './lessons/lesson.entity';
import { FamilyPaymentMethodRow, LedgerEntryRow, PaymentIntentRow, PaymentRow } from './payments/payment.entity';
import { StudentRow } from './students/student.entity';
import { TeacherRow } from './teachers/teacher.entity';
import { UserRow } from './users/user.entity';

/** Every read-model entity (MikroORM) in the app; each projection is provided by its module. */
export const READ_MODEL_ENTITIES = [
  TeacherRow,
  UserRow,
  StudentRow,
  LessonRow,
  EnrollmentRow,
  PaymentRow,
  LedgerEntryRow,
  FamilyPaymentMethodRow,
  PaymentIntentRow,
];

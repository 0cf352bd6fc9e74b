import { Module } from '@nestjs/common';
import { StudentsProjection } from '../../projections/students/students.projection';
import { STUDENT_QUERY_HANDLERS } from '../../projections/students/students.queries';
import { AssignTeacherHandler, EnrollStudentHandler } from './student.handlers';
import { ExpireMakeupCreditsHandler, MakeupCreditExpiryJob } from './expire-credits/expire-makeup-credits';
import { StudentsController } from './view-students/students.controller';
import { STUDENT_WITHDRAWAL_HANDLERS, StudentWithdrawalWorkflow } from './withdraw-student/student-withdrawal.workflow';
import { ChangeStudentHandler } from './change-student/change-student.handler';
import { WithdrawStudentHandler } from './withdraw-student/withdraw-student.handler';

@Module({
  controllers: [StudentsController],
  providers: [
    StudentsProjection,
    EnrollStudentHandler,
    AssignTeacherHandler,
    ChangeStudentHandler,
    WithdrawStudentHandler,
    ...STUDENT_QUERY_HANDLERS,
    ...STUDENT_WITHDRAWAL_HANDLERS,
    StudentWithdrawalWorkflow,
    ExpireMakeupCreditsHandler,
    MakeupCreditExpiryJob,
  ],
})
export class StudentsModule {}

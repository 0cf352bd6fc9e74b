import { Module } from '@nestjs/common';
import { TeachersProjection } from '../../projections/teachers/teachers.projection';
import { TEACHER_QUERY_HANDLERS } from '../../projections/teachers/teachers.queries';
import { IdentityModule } from '../identity/identity.module';
import { ChangeAvailabilityController } from './change-availability/change-availability.controller';
import { ChangeTeacherAvailabilityHandler } from './change-availability/change-availability.handler';
import { StrandedLessonsWorkflow } from './change-availability/stranded-lessons.workflow';
import { ChangeTeacherDetailsHandler } from './change-details/change-details.handler';
import { ChangeTeacherDetailsController } from './change-details/change-details.controller';
import { DeactivateTeacherHandler, ReactivateTeacherHandler } from './deactivate-teacher/deactivate-teacher.handler';
import { DeactivateTeacherController } from './deactivate-teacher/deactivate-teacher.controller';
import { GetTeacherHandoverHandler } from './deactivate-teacher/handover.query';
import {
  ReassignStudentHandler,
  ReassignStudentsOfTeacherHandler,
  TeacherDepartureWorkflow,
} from './deactivate-teacher/teacher-departure.workflow';
import { ListTeachersController } from './list-teachers/list-teachers.controller';
import { PublicTeachersController } from './public-teachers/public-teachers.controller';
import { RegisterTeacherController } from './register-teacher/register-teacher.controller';
import { RegisterTeacherHandler } from './register-teacher/register-teacher.handler';
import { TeacherOnboardingWorkflow } from './teacher-onboarding.workflow';

@Module({
  imports: [IdentityModule],
  controllers: [
    RegisterTeacherController,
    ChangeAvailabilityController,
    ChangeTeacherDetailsController,
    DeactivateTeacherController,
    ListTeachersController,
    PublicTeachersController,
  ],
  providers: [
    RegisterTeacherHandler,
    ChangeTeacherAvailabilityHandler,
    ChangeTeacherDetailsHandler,
    DeactivateTeacherHandler,
    ReactivateTeacherHandler,
    ReassignStudentsOfTeacherHandler,
    ReassignStudentHandler,
    GetTeacherHandoverHandler,
    ...TEACHER_QUERY_HANDLERS,
    TeachersProjection,
    TeacherOnboardingWorkflow,
    StrandedLessonsWorkflow,
    TeacherDepartureWorkflow,
  ],
})
export class TeachersModule {}

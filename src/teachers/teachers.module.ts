import { Module } from '@nestjs/common';
import { TeachersProjection } from '../../projections/teachers/teachers.projection';
import { TEACHER_QUERY_HANDLERS } from '../../projections/teachers/teachers.queries';
import { IdentityModule } from '../identity/identity.module';
import { ChangeAvailabilityController } from './change-availability/change-availability.controller';
import { ChangeTeacherAvailabilityHandler } from './change-availability/change-availability.handler';
import { ListTeachersController } from './list-teachers/list-teachers.controller';
import { PublicTeachersController } from './public-teachers/public-teachers.controller';
import { RegisterTeacherController } from './register-teacher/register-teacher.controller';
import { RegisterTeacherHandler } from './register-teacher/register-teacher.handler';
import { TeacherOnboardingWorkflow } from './teacher-onboarding.workflow';

@Module({
  imports: [IdentityModule],
  controllers: [RegisterTeacherController, ChangeAvailabilityController, ListTeachersController, PublicTeachersController],
  providers: [
    RegisterTeacherHandler,
    ChangeTeacherAvailabilityHandler,
    ...TEACHER_QUERY_HANDLERS,
    TeachersProjection,
    TeacherOnboardingWorkflow,
  ],
})
export class TeachersModule {}

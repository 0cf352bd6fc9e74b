import { Module } from '@nestjs/common';
import { EnrollmentsProjection } from '../../projections/enrollments/enrollments.projection';
import { ENROLLMENT_QUERY_HANDLERS } from '../../projections/enrollments/enrollments.queries';
import { IdentityModule } from '../identity/identity.module';
import { LessonsModule } from '../lessons/lessons.module';
import { EnrollmentWorkflow } from './enrollment.workflow';
import { ENROLLMENT_NODE_HANDLERS } from './nodes';
import { SubmitEnrollmentController } from './submit-enrollment/submit-enrollment.controller';
import { ViewEnrollmentsController } from './view-enrollments/view-enrollments.controller';
import { WaitlistRecheckJob } from './waitlist-recheck.job';
import { WaitlistResumedEmail } from './waitlist-resumed.email';
import { WaitlistSaga } from './waitlist.saga';

@Module({
  imports: [LessonsModule, IdentityModule],
  controllers: [SubmitEnrollmentController, ViewEnrollmentsController],
  providers: [...ENROLLMENT_NODE_HANDLERS, ...ENROLLMENT_QUERY_HANDLERS, EnrollmentsProjection, EnrollmentWorkflow, WaitlistSaga, WaitlistRecheckJob, WaitlistResumedEmail],
})
export class EnrollmentModule {}

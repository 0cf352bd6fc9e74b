import { Module } from '@nestjs/common';
import { EnrollmentsProjection } from '../../projections/enrollments/enrollments.projection';
import { ENROLLMENT_QUERY_HANDLERS } from '../../projections/enrollments/enrollments.queries';
import { IdentityModule } from '../identity/identity.module';
import { LessonsModule } from '../lessons/lessons.module';
import { AnswerFamilyConfirmationHandler } from './confirm-family/answer-family-confirmation.handler';
import { ConfirmFamilyController } from './confirm-family/confirm-family.controller';
import { ConfirmFamilyPage } from './confirm-family/confirm-family.page';
import { GetFamilyConfirmationHandler } from './confirm-family/family-confirmation.query';
import { FamilyConfirmationExpiryJob } from './confirm-family/family-confirmation-expiry.job';
import { EnrollmentOutcomeEmail } from './enrollment-outcome.email';
import { EnrollmentWorkflow } from './enrollment.workflow';
import { FollowEnrollment } from './follow-enrollment/follow-enrollment';
import { FollowEnrollmentController } from './follow-enrollment/follow-enrollment.controller';
import { ENROLLMENT_NODE_HANDLERS } from './nodes';
import { SubmitEnrollmentController } from './submit-enrollment/submit-enrollment.controller';
import { SubmitEnrollmentHandler } from './submit-enrollment/submit-enrollment.handler';
import { ViewEnrollmentsController } from './view-enrollments/view-enrollments.controller';
import { WaitlistRecheckJob } from './waitlist-recheck.job';
import { WaitlistResumedEmail } from './waitlist-resumed.email';
import { WaitlistSaga } from './waitlist.saga';

@Module({
  imports: [LessonsModule, IdentityModule],
  controllers: [
    SubmitEnrollmentController,
    ViewEnrollmentsController,
    ConfirmFamilyController,
    ConfirmFamilyPage,
    FollowEnrollmentController,
  ],
  providers: [
    SubmitEnrollmentHandler,
    AnswerFamilyConfirmationHandler,
    GetFamilyConfirmationHandler,
    FamilyConfirmationExpiryJob,
    FollowEnrollment,
    ...ENROLLMENT_NODE_HANDLERS,
    ...ENROLLMENT_QUERY_HANDLERS,
    EnrollmentsProjection,
    EnrollmentWorkflow,
    WaitlistSaga,
    WaitlistRecheckJob,
    WaitlistResumedEmail,
    EnrollmentOutcomeEmail,
  ],
})
export class EnrollmentModule {}

import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { EnrollmentEvent, FamilyConfirmedVia } from '../../src/enrollment/enrollment.events';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { StudentEnrolled, TeacherAssigned } from '../../src/students/student.events';
import { Projection, ProjectionProvider } from '../../src/subscriptions/subscription.types';
import { BatchRows } from '../batch-rows';
import { EnrollmentRow, EnrollmentStep } from './enrollment.entity';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED, isErased } from '../../src/privacy/personal-data';

const CONFIRMED_VIA: Record<FamilyConfirmedVia, string> = {
  'new-family': 'a new family',
  'signed-in': "sent by the family's parent, signed in",
  staff: "sent by the academy's staff",
  'email-link': 'confirmed by the family from the emailed link',
};

type Handled = EnrollmentEvent | StudentEnrolled | TeacherAssigned | FamilyForgotten;

/** Each enrollment's status and the steps of its workflow, from the workflow's own events. */
@ProjectionProvider()
@Injectable()
export class EnrollmentsProjection implements Projection {
  readonly name = 'enrollments';
  readonly eventTypes = [
    'EnrollmentSubmitted',
    'EnrollmentValidated',
    'EnrollmentRejected',
    'EnrollmentWaitlisted',
    'EnrollmentResumed',
    'FamilyConfirmationRequested',
    'FamilyConfirmed',
    'FamilyConfirmationDeclined',
    'FamilyConfirmationExpired',
    'StudentAccountFailed',
    'StudentEnrolled',
    'PaymentMethodSetUp',
    'PaymentMethodSetupFailed',
    'TeacherAssigned',
    'DemoScheduled',
    'DemoNotScheduled',
    'EnrollmentCompleted',
    'FamilyForgotten',
  ] as const;
  readonly tables = ['enrollments'];
  private readonly rows = new BatchRows(EnrollmentRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & Handled;
    const at = event.metadata.occurredAt;
    if (event.type === 'FamilyForgotten') {
      const { familyId, enrollmentIds } = event.data;
      // The child's age (in the validation step), a rejection's reason (which names it) and the
      // family's card (in the payment step) go too, as a replay after forgetting reads them.
      await batch.execute(
        `UPDATE enrollments SET student_name = ?, parent_email = ?,
                reason = CASE WHEN status = 'rejected' THEN ? ELSE reason END,
                steps = coalesce((
                  SELECT jsonb_agg(CASE WHEN e->>'detail' IS NOT NULL AND (
                                          (e->>'name' = 'ValidateEnrollment'
                                           AND e->>'status' IN ('completed', 'failed'))
                                          OR (e->>'name' = 'SetupPaymentMethod' AND e->>'status' = 'completed'))
                                        THEN jsonb_set(e, '{detail}', to_jsonb(?::text))
                                        ELSE e END ORDER BY i)
                  FROM jsonb_array_elements(steps) WITH ORDINALITY AS x(e, i)), steps)
          WHERE parent_id = ?${enrollmentIds.length ? ' OR id = ANY(?::uuid[])' : ''}`,
        [ERASED, ERASED, ERASED, ERASED, familyId, ...(enrollmentIds.length ? [enrollmentIds] : [])],
      );
      return;
    }
    if (event.type === 'EnrollmentSubmitted') {
      const a = event.data.application;
      this.rows.create(batch, {
        id: event.data.enrollmentId,
        status: 'pending',
        reason: null,
        instrument: a.instrument,
        studentName:
          isErased(a.studentFirstName) || isErased(a.studentLastName)
            ? ERASED
            : `${a.studentFirstName} ${a.studentLastName}`,
        parentEmail: a.parentEmail.trim().toLowerCase(),
        parentId: null,
        studentId: null,
        teacherId: null,
        customerId: null,
        paymentStatus: null,
        demoLessonId: null,
        demoStartsAt: null,
        waitlistStage: null,
        confirmBy: null,
        steps: [],
        submittedAt: new Date(at),
        arrival: String(recorded.position),
        updatedAt: new Date(at),
      });
      return;
    }
    const enrollmentId = 'enrollmentId' in event.data ? event.data.enrollmentId : null;
    if (!enrollmentId) return; // a student or teacher change made outside enrollment
    const row = await this.rows.get(batch, enrollmentId);
    const step = (name: string, status: EnrollmentStep['status'], detail?: string) => {
      row.steps = [...row.steps.filter((s) => s.name !== name), { name, status, at, ...(detail ? { detail } : {}) }];
    };
    row.updatedAt = new Date(at);
    switch (event.type) {
      case 'EnrollmentValidated':
        row.status = 'running';
        row.reason = null;
        row.waitlistStage = null;
        step('ValidateEnrollment', 'completed', isErased(event.data.ageYears) ? ERASED : `age ${event.data.ageYears}`);
        return;
      case 'EnrollmentRejected':
        row.status = 'rejected';
        row.reason = event.data.reason;
        step('ValidateEnrollment', 'failed', event.data.reason);
        return;
      case 'EnrollmentWaitlisted':
        row.status = 'waitlisted';
        row.reason = event.data.reason;
        row.waitlistStage = event.data.stage;
        step(event.data.stage === 'validation' ? 'ValidateEnrollment' : 'AssignTeacher', 'waiting', event.data.reason);
        return;
      case 'EnrollmentResumed':
        row.status = event.data.stage === 'validation' ? 'pending' : 'running';
        row.reason = null;
        return;
      case 'FamilyConfirmationRequested':
        row.status = 'awaiting-family-confirmation';
        row.parentId = event.data.parentId;
        row.confirmBy = new Date(event.data.expiresAt);
        step('IdentifyFamily', 'completed', 'the email has a family account');
        step('AwaitFamilyConfirmation', 'waiting', 'the family is asked to confirm by email');
        return;
      case 'FamilyConfirmed':
        row.status = 'running';
        row.parentId = event.data.parentId;
        row.confirmBy = null;
        step('IdentifyFamily', 'completed', CONFIRMED_VIA[event.data.via]);
        if (event.data.via === 'email-link' || row.steps.some((s) => s.name === 'AwaitFamilyConfirmation')) {
          step('AwaitFamilyConfirmation', 'completed', CONFIRMED_VIA[event.data.via]);
        }
        return;
      case 'FamilyConfirmationDeclined':
      case 'FamilyConfirmationExpired': {
        const declined = event.type === 'FamilyConfirmationDeclined';
        row.status = declined ? 'declined' : 'expired';
        row.reason = declined
          ? 'the family said it did not ask for this enrollment'
          : 'the family did not confirm the enrollment in time';
        row.confirmBy = null;
        step('AwaitFamilyConfirmation', 'failed', row.reason);
        return;
      }
      case 'StudentAccountFailed':
        row.status = 'failed';
        row.reason = event.data.reason;
        step('CreateStudentAccount', 'failed', event.data.reason);
        return;
      case 'StudentEnrolled':
        row.studentId = event.data.studentId;
        row.parentId = event.data.parentId;
        step('CreateStudentAccount', 'completed');
        return;
      case 'PaymentMethodSetUp':
        row.customerId = event.data.customerId;
        row.paymentStatus = 'ready';
        step(
          'SetupPaymentMethod',
          'completed',
          isErased(event.data.brand) || isErased(event.data.last4)
            ? ERASED
            : [event.data.brand, event.data.last4 && `•••• ${event.data.last4}`].filter(Boolean).join(' ') || undefined,
        );
        return;
      case 'PaymentMethodSetupFailed':
        row.customerId = event.data.customerId ?? row.customerId;
        row.paymentStatus = 'failed';
        step('SetupPaymentMethod', 'failed', `${event.data.code}: ${event.data.reason}`);
        return;
      case 'TeacherAssigned':
        row.teacherId = event.data.teacherId;
        step('AssignTeacher', 'completed');
        return;
      case 'DemoScheduled':
        row.demoLessonId = event.data.lessonId;
        row.demoStartsAt = new Date(event.data.startsAt);
        step('ScheduleDemoLesson', 'completed');
        return;
      case 'DemoNotScheduled':
        step('ScheduleDemoLesson', 'failed', event.data.reason);
        return;
      case 'EnrollmentCompleted':
        row.status = 'completed';
        step('SendWelcomeEmails', 'completed');
        return;
    }
  }
}

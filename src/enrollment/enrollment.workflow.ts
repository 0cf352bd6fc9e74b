import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DEMO_LESSON_NOTICE_MS, inHours } from '../lessons/notice-periods';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { nodeCommands } from '../workflows/node-commands';
import { WorkflowSaga } from '../workflows/workflow.saga';
import { StudentEvent } from '../students/student.events';
import { EnrollmentEvent } from './enrollment.events';
import {
  AssignEnrollmentTeacher,
  CreateStudentAccount,
  IdentifyFamily,
  ScheduleDemoLesson,
  SendWelcomeEmails,
  SetupPaymentMethod,
  ValidateEnrollment,
} from './nodes';

/** From inquiry to first lesson (docs/domain.md, Enrollment). */
export const ENROLLMENT = {
  name: 'enrollment',
  description:
    'From inquiry to first lesson: validate, establish the family (an existing family confirms first), create the ' +
    'student, set up payment, assign a teacher, book a demo lesson, welcome everyone',
  startsWith: ['EnrollmentSubmitted', 'EnrollmentResumed'],
  nodes: [
    {
      name: 'ValidateEnrollment',
      command: 'ValidateEnrollment',
      on: ['EnrollmentSubmitted', 'EnrollmentResumed'],
      emits: ['EnrollmentValidated', 'EnrollmentRejected', 'EnrollmentWaitlisted'],
      description:
        'age 5 to 18; a teacher of the instrument with room (else waitlisted); runs again when resumed from the ' +
        'validation waitlist',
    },
    {
      name: 'IdentifyFamily',
      command: 'IdentifyFamily',
      on: ['EnrollmentValidated'],
      emits: ['FamilyConfirmed', 'FamilyConfirmationRequested', 'StudentAccountFailed'],
      description:
        "a new address: the family's parent account is created; an address with an account: the family's when its " +
        'parent (or staff) sent the form signed in, else held and the family asked by email; a staff address fails',
    },
    {
      name: 'AwaitFamilyConfirmation',
      command: 'ConfirmFamily',
      runs: 'request',
      on: ['FamilyConfirmationRequested'],
      emits: ['FamilyConfirmed', 'FamilyConfirmationDeclined', 'FamilyConfirmationExpired'],
      description:
        'the family answers by the one-time link emailed to the address on file, or signed in (POST ' +
        '/api/v1/enrollments/{id}/confirm or /decline); unanswered, the family-confirmation-expiry job expires it ' +
        'after 7 days',
    },
    {
      name: 'CreateStudentAccount',
      command: 'CreateStudentAccount',
      on: ['FamilyConfirmed'],
      emits: ['StudentEnrolled'],
      description: 'the student, in the confirmed family',
    },
    {
      name: 'SetupPaymentMethod',
      command: 'SetupPaymentMethod',
      on: ['StudentEnrolled'],
      emits: ['PaymentMethodSetUp', 'PaymentMethodSetupFailed'],
      description:
        "the family's Stripe customer with the card; it becomes the card charged only for a family without one (an " +
        "existing family's new card sits beside the saved one); a failure is recorded and the workflow goes on",
    },
    {
      name: 'AssignTeacher',
      command: 'AssignEnrollmentTeacher',
      on: ['PaymentMethodSetUp', 'PaymentMethodSetupFailed', 'EnrollmentResumed'],
      emits: ['TeacherAssigned', 'EnrollmentWaitlisted'],
      description: "the best score with a seat left (the seat is taken on the teacher's stream); none → waitlisted",
    },
    {
      name: 'ScheduleDemoLesson',
      command: 'ScheduleDemoLesson',
      on: ['TeacherAssigned'],
      emits: ['DemoScheduled', 'DemoNotScheduled'],
      description:
        `the first free slot at least ${inHours(DEMO_LESSON_NOTICE_MS)} h ahead matching the preferred day and time, ` +
        "on the teacher's calendar",
    },
    {
      name: 'SendWelcomeEmails',
      command: 'SendWelcomeEmails',
      on: ['DemoScheduled', 'DemoNotScheduled'],
      emits: ['EnrollmentCompleted'],
      sendsEmail: true,
      description: "parent welcome (with a set-password link for a new account) and the teacher's new-student notice",
    },
  ],
  routers: [
    {
      name: 'ValidationRouter',
      after: 'ValidateEnrollment',
      routes: [
        { on: 'EnrollmentValidated', to: 'IdentifyFamily' },
        { on: 'EnrollmentRejected', to: null, label: 'rejected' },
        { on: 'EnrollmentWaitlisted', to: null, label: 'waits for a teacher' },
      ],
    },
    {
      name: 'FamilyRouter',
      after: 'IdentifyFamily',
      routes: [
        { on: 'FamilyConfirmed', to: 'CreateStudentAccount' },
        { on: 'FamilyConfirmationRequested', to: 'AwaitFamilyConfirmation' },
        { on: 'StudentAccountFailed', to: null, label: 'failed' },
      ],
    },
    {
      name: 'ConfirmationRouter',
      after: 'AwaitFamilyConfirmation',
      routes: [
        { on: 'FamilyConfirmed', to: 'CreateStudentAccount' },
        { on: 'FamilyConfirmationDeclined', to: null, label: 'declined by the family' },
        { on: 'FamilyConfirmationExpired', to: null, label: 'expired unconfirmed' },
      ],
    },
    {
      name: 'AssignmentRouter',
      after: 'AssignTeacher',
      routes: [
        { on: 'TeacherAssigned', to: 'ScheduleDemoLesson' },
        { on: 'EnrollmentWaitlisted', to: null, label: 'waits for a seat' },
      ],
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class EnrollmentWorkflow extends WorkflowSaga {
  readonly definition = ENROLLMENT;
  protected readonly commands = nodeCommands<EnrollmentEvent | StudentEvent>()(ENROLLMENT, {
    ValidateEnrollment: (e, ctx) => {
      if (e.type === 'EnrollmentResumed' && e.data.stage !== 'validation') return null;
      return new ValidateEnrollment(e.data.enrollmentId, ctx, e);
    },
    IdentifyFamily: (e, ctx) => new IdentifyFamily(e.data.enrollmentId, ctx, e),
    CreateStudentAccount: (e, ctx) => new CreateStudentAccount(e.data.enrollmentId, ctx, e),
    SetupPaymentMethod: (e, ctx) => {
      const d = e.data;
      return d.enrollmentId
        ? new SetupPaymentMethod(d.enrollmentId, d.studentId, d.parentId, e.metadata.occurredAt, ctx)
        : null;
    },
    AssignTeacher: (e, ctx) => {
      if (e.type === 'EnrollmentResumed' && e.data.stage !== 'assignment') return null;
      return new AssignEnrollmentTeacher(e.data.enrollmentId, ctx, e);
    },
    ScheduleDemoLesson: (e, ctx) => {
      const d = e.data;
      return d.enrollmentId ? new ScheduleDemoLesson(d.enrollmentId, d.studentId, d.teacherId, ctx) : null;
    },
    SendWelcomeEmails: (e, ctx) => new SendWelcomeEmails(e.data.enrollmentId, ctx, e),
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

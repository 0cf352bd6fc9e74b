import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { NodeCommandFactory, WorkflowSaga } from '../workflows/workflow.saga';
import { EnrollmentResumed, PaymentMethodSetUp } from './enrollment.events';
import {
  AssignEnrollmentTeacher,
  CreateStudentAccount,
  ScheduleDemoLesson,
  SendWelcomeEmails,
  SetupPaymentMethod,
  ValidateEnrollment,
} from './nodes';

/** From inquiry to first lesson (domain.md, workflow 1). */
export const ENROLLMENT: WorkflowDefinition = {
  name: 'enrollment',
  description: 'From inquiry to first lesson: validate, create the family\'s accounts, set up payment, assign a teacher, book a demo lesson, welcome everyone',
  startsWith: ['EnrollmentSubmitted', 'EnrollmentResumed'],
  nodes: [
    {
      name: 'ValidateEnrollment',
      command: 'ValidateEnrollment',
      on: ['EnrollmentSubmitted', 'EnrollmentResumed'],
      emits: ['EnrollmentValidated', 'EnrollmentRejected', 'EnrollmentWaitlisted'],
      description: 'age 5 to 18; a teacher of the instrument with room (else waitlisted); runs again when resumed from the validation waitlist',
    },
    {
      name: 'CreateStudentAccount',
      command: 'CreateStudentAccount',
      on: ['EnrollmentValidated'],
      emits: ['StudentEnrolled', 'StudentAccountFailed'],
      description: 'the parent\'s account (the same email is the same family) and the student',
    },
    {
      name: 'SetupPaymentMethod',
      command: 'SetupPaymentMethod',
      on: ['StudentEnrolled'],
      emits: ['PaymentMethodSetUp', 'PaymentMethodSetupFailed'],
      description: 'the family\'s Stripe customer with the card as default; a failure is recorded and the workflow goes on',
    },
    {
      name: 'AssignTeacher',
      command: 'AssignEnrollmentTeacher',
      on: ['PaymentMethodSetUp', 'PaymentMethodSetupFailed', 'EnrollmentResumed'],
      emits: ['TeacherAssigned', 'EnrollmentWaitlisted'],
      description: 'the best score with a seat left (the seat is taken on the teacher\'s stream); none → waitlisted',
    },
    {
      name: 'ScheduleDemoLesson',
      command: 'ScheduleDemoLesson',
      on: ['TeacherAssigned'],
      emits: ['DemoScheduled', 'DemoNotScheduled'],
      description: 'the first free slot at least 24 h ahead matching the preferred day and time, on the teacher\'s calendar',
    },
    {
      name: 'SendWelcomeEmails',
      command: 'SendWelcomeEmails',
      on: ['DemoScheduled', 'DemoNotScheduled'],
      emits: ['EnrollmentCompleted'],
      description: 'parent welcome (with a set-password link for a new account) and the teacher\'s new-student notice',
    },
  ],
  routers: [
    {
      name: 'ValidationRouter',
      after: 'ValidateEnrollment',
      routes: [
        { on: 'EnrollmentValidated', to: 'CreateStudentAccount' },
        { on: 'EnrollmentRejected', to: null, label: 'rejected' },
        { on: 'EnrollmentWaitlisted', to: null, label: 'waits for a teacher' },
      ],
    },
    {
      name: 'AccountRouter',
      after: 'CreateStudentAccount',
      routes: [
        { on: 'StudentEnrolled', to: 'SetupPaymentMethod' },
        { on: 'StudentAccountFailed', to: null, label: 'failed' },
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
};

type WithEnrollment = { enrollmentId?: string | null; studentId?: string; parentId?: string; teacherId?: string };

@ReactorProvider()
@Injectable()
export class EnrollmentWorkflow extends WorkflowSaga {
  readonly definition = ENROLLMENT;
  protected readonly commands: Record<string, NodeCommandFactory> = {
    ValidateEnrollment: (e, ctx) => {
      if (e.type === 'EnrollmentResumed' && (e.data as EnrollmentResumed['data']).stage !== 'validation') return null;
      return new ValidateEnrollment((e.data as WithEnrollment).enrollmentId!, ctx);
    },
    CreateStudentAccount: (e, ctx) => new CreateStudentAccount((e.data as WithEnrollment).enrollmentId!, ctx),
    SetupPaymentMethod: (e, ctx) => {
      const d = e.data as WithEnrollment;
      return d.enrollmentId ? new SetupPaymentMethod(d.enrollmentId, d.studentId!, d.parentId!, e.metadata.occurredAt, ctx) : null;
    },
    AssignTeacher: (e, ctx) => {
      if (e.type === 'EnrollmentResumed' && (e.data as EnrollmentResumed['data']).stage !== 'assignment') return null;
      return new AssignEnrollmentTeacher((e.data as PaymentMethodSetUp['data']).enrollmentId, ctx);
    },
    ScheduleDemoLesson: (e, ctx) => {
      const d = e.data as WithEnrollment;
      return d.enrollmentId ? new ScheduleDemoLesson(d.enrollmentId, d.studentId!, d.teacherId!, ctx) : null;
    },
    SendWelcomeEmails: (e, ctx) => new SendWelcomeEmails((e.data as WithEnrollment).enrollmentId!, ctx),
  };

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

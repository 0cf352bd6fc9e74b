import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SendTeacherWelcome } from '../identity/invite-user/send-teacher-welcome.handler';
import { RegisterUser } from '../identity/register-user/register-user.command';
import { UserEvent } from '../identity/user.events';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { nodeCommands } from '../workflows/node-commands';
import { WorkflowSaga } from '../workflows/workflow.saga';
import { TeacherEvent } from './teacher.events';

/** A registered teacher gets a user account (role teacher) to sign in with. */
export const TEACHER_ONBOARDING = {
  name: 'teacher-onboarding',
  description:
    'A newly registered teacher gets a user account with the teacher role, and an email to choose its password',
  startsWith: ['TeacherRegistered'],
  nodes: [
    {
      name: 'CreateTeacherAccount',
      command: 'RegisterUser',
      on: ['TeacherRegistered'],
      emits: ['UserRegistered'],
      description: 'user account with role teacher, under the email the teacher was registered with',
    },
    {
      name: 'SendTeacherWelcome',
      command: 'SendTeacherWelcome',
      on: ['UserRegistered'],
      emits: [],
      sendsEmail: true,
      description: 'emails the teacher a one-time link (7 days) to choose a password; only for teacher accounts',
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class TeacherOnboardingWorkflow extends WorkflowSaga {
  readonly definition = TEACHER_ONBOARDING;
  protected readonly commands = nodeCommands<TeacherEvent | UserEvent>()(TEACHER_ONBOARDING, {
    CreateTeacherAccount: (event, ctx) => {
      const d = event.data;
      return new RegisterUser(
        {
          userId: d.userId,
          email: d.email,
          role: 'teacher',
          displayName: `${d.firstName} ${d.lastName}`,
          teacherId: d.teacherId,
        },
        ctx,
      );
    },
    SendTeacherWelcome: (event, ctx) => {
      const d = event.data;
      return d.role === 'teacher' ? new SendTeacherWelcome(d.userId, ctx) : null;
    },
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

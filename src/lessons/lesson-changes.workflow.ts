import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { nodeCommands } from '../workflows/node-commands';
import { WorkflowSaga } from '../workflows/workflow.saga';
import { LessonEvent } from './lesson.events';
import { inHours, MAKEUP_CREDIT_NOTICE_MS } from './notice-periods';
import { changeEmail } from './lesson-emails.handler';
import { GrantLessonMakeupCredit, ReleaseLessonSlot } from './lesson-follow-ups.handlers';

/** What follows a cancellation: both calendars freed, and the makeup credit it earned. */
export const LESSON_CHANGES = {
  name: 'lesson-changes',
  description:
    "Follow-ups of a moved or cancelled lesson: the family's email; for a cancellation, free both calendars and " +
    'grant the makeup credit it earned',
  startsWith: ['LessonCancelled', 'LessonRescheduled'],
  nodes: [
    {
      name: 'ReleaseTeacherSlot',
      command: 'ReleaseLessonSlot',
      on: ['LessonCancelled'],
      emits: ['CalendarSlotReleased'],
    },
    {
      name: 'ReleaseStudentSlot',
      command: 'ReleaseLessonSlot',
      on: ['LessonCancelled'],
      emits: ['CalendarSlotReleased'],
    },
    {
      name: 'GrantMakeupCredit',
      command: 'GrantLessonMakeupCredit',
      on: ['LessonCancelled'],
      emits: ['MakeupCreditGranted'],
      description:
        'only when the cancellation earned one (teacher or academy cancelled, ' +
        `or more than ${inHours(MAKEUP_CREDIT_NOTICE_MS)} h notice)`,
    },
    {
      name: 'SendChangeNotice',
      command: 'RequestLessonEmail',
      on: ['LessonRescheduled', 'LessonCancelled'],
      emits: [],
      sendsEmail: true,
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class LessonChangesWorkflow extends WorkflowSaga {
  readonly definition = LESSON_CHANGES;
  protected readonly commands = nodeCommands<LessonEvent>()(LESSON_CHANGES, {
    ReleaseTeacherSlot: (e, ctx) => new ReleaseLessonSlot({ lessonId: e.data.lessonId, owner: 'teacher' }, ctx),
    ReleaseStudentSlot: (e, ctx) => new ReleaseLessonSlot({ lessonId: e.data.lessonId, owner: 'student' }, ctx),
    GrantMakeupCredit: (e, ctx) =>
      e.data.makeupCredit
        ? new GrantLessonMakeupCredit({ lessonId: e.data.lessonId, cancelledAt: e.metadata.occurredAt }, ctx)
        : null,
    SendChangeNotice: changeEmail,
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CancelLessons } from '../../lessons/cancel-lessons/cancel-lessons.handler';
import { Clock } from '../../shared/clock';
import { deriveId } from '../../shared/ids';
import { ReactorProvider } from '../../subscriptions/subscription.types';
import { WorkflowDefinition } from '../../workflows/workflow-definition';
import { nodeCommands } from '../../workflows/node-commands';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { TeacherEvent } from '../teacher.events';

/** Booked lessons a teacher's new hours left out, when the change said to cancel them. */
export const STRANDED_LESSONS = {
  name: 'stranded-lessons',
  description:
    'New teacher hours that leave booked lessons outside them, with strandedLessons "cancel": those lessons are ' +
    'cancelled as one change (makeup credits, calendars freed, one email to each family and one to the teacher)',
  startsWith: ['TeacherAvailabilityChanged'],
  nodes: [
    {
      name: 'CancelStrandedLessons',
      command: 'CancelLessons',
      on: ['TeacherAvailabilityChanged'],
      emits: ['LessonsCancelledTogether'],
      description: 'only when the change named stranded lessons and said "cancel"; "keep" leaves them as one-offs',
    },
  ],
} as const satisfies WorkflowDefinition;

@ReactorProvider()
@Injectable()
export class StrandedLessonsWorkflow extends WorkflowSaga {
  readonly definition = STRANDED_LESSONS;
  protected readonly commands = nodeCommands<TeacherEvent>()(STRANDED_LESSONS, {
    CancelStrandedLessons: (e, ctx) => {
      const d = e.data;
      if (d.strandedLessons?.handling !== 'cancel') return null;
      return new CancelLessons(
        {
          scope: { kind: 'outside-new-availability', teacherId: d.teacherId },
          lessonIds: d.strandedLessons.lessonIds,
          reason: 'outside the new teaching hours',
          initiatedBy: 'teacher',
          cancellationId: deriveId('stranded-lessons', e.eventId),
        },
        ctx,
      );
    },
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

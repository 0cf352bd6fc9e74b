import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '../shared/clock';
import { ReactorProvider } from '../subscriptions/subscription.types';
import { WorkflowDefinition } from '../workflows/workflow-definition';
import { nodeCommands } from '../workflows/node-commands';
import { WorkflowSaga } from '../workflows/workflow.saga';
import { LessonEvent } from './lesson.events';
import { RequestLessonEmail } from './lesson-emails.handler';

/**
 * Booking a lesson. CheckAvailability, ScheduleLesson and SuggestAlternatives run inside the
 * POST /api/v1/lessons request (it answers 201 with the lessons or 409 with alternatives); their
 * outcomes up to LessonScheduled are never stored (requestOutcomes). LessonScheduled is stored
 * and the confirmation email follows from it.
 */
export const LESSON_SCHEDULING = {
  name: 'lesson-scheduling',
  description:
    'Book a lesson (or a recurring series): check availability, book both calendars or suggest alternatives, confirm ' +
    'by email',
  startsWith: ['LessonRequested'],
  requestOutcomes: ['LessonRequested', 'SlotAvailable', 'SlotUnavailable', 'AlternativesSuggested'],
  nodes: [
    {
      name: 'CheckAvailability',
      command: 'CheckAvailability',
      runs: 'request',
      on: ['LessonRequested'],
      emits: ['SlotAvailable', 'SlotUnavailable'],
      description: "future, inside the teacher's availability (academy time), free on both calendars",
    },
    {
      name: 'ScheduleLesson',
      command: 'ScheduleLessons',
      runs: 'request',
      on: ['SlotAvailable'],
      emits: ['LessonScheduled', 'SlotUnavailable'],
      description:
        "appends to the teacher's and the student's calendar streams: of two overlapping requests exactly one wins",
    },
    {
      name: 'SuggestAlternatives',
      command: 'SuggestAlternatives',
      runs: 'request',
      on: ['SlotUnavailable'],
      emits: ['AlternativesSuggested'],
      description:
        'nearest free slots of the same length with the same teacher, then with other teachers of the instrument',
    },
    {
      name: 'SendConfirmation',
      command: 'RequestLessonEmail',
      on: ['LessonScheduled'],
      emits: [],
      sendsEmail: true,
      description: "the family's confirmation through the outbox; one per booking (a series is one booking)",
    },
  ],
  routers: [
    {
      name: 'AvailabilityRouter',
      after: 'CheckAvailability',
      routes: [
        { on: 'SlotAvailable', to: 'ScheduleLesson', label: 'free' },
        { on: 'SlotUnavailable', to: 'SuggestAlternatives', label: 'taken or outside availability' },
      ],
    },
    {
      name: 'BookingRouter',
      after: 'ScheduleLesson',
      routes: [
        { on: 'LessonScheduled', to: 'SendConfirmation', label: 'booked' },
        { on: 'SlotUnavailable', to: 'SuggestAlternatives', label: 'lost the race for the slot' },
      ],
    },
  ],
} as const satisfies WorkflowDefinition;

/** The saga side of lesson-scheduling: the confirmation email once a lesson is stored. */
@ReactorProvider()
@Injectable()
export class LessonSchedulingWorkflow extends WorkflowSaga {
  readonly definition = LESSON_SCHEDULING;
  protected readonly commands = nodeCommands<LessonEvent>()(LESSON_SCHEDULING, {
    SendConfirmation: (e, ctx) =>
      new RequestLessonEmail({ lessonId: e.data.lessonId, change: 'scheduled', eventId: e.eventId }, ctx),
  });

  constructor(commandBus: CommandBus, clock: Clock) {
    super(commandBus, clock);
  }
}

import { Module } from '@nestjs/common';
import { LessonsProjection } from '../../projections/lessons/lessons.projection';
import { ListCalendarLessonsHandler } from '../../projections/lessons/calendar-lessons.query';
import { LESSON_QUERY_HANDLERS } from '../../projections/lessons/lessons.queries';
import { CalendarReservations } from '../scheduling/calendar-reservations';
import { SuggestAlternatives } from './suggest-alternatives';
import { CalendarFeedController } from './calendar-feed/calendar-feed.controller';
import { CalendarSubscriptions } from './calendar-feed/calendar-subscriptions';
import { CalendarSubscriptionsController } from './calendar-feed/calendar-subscriptions.controller';
import { SubscribedCalendarController } from './calendar-feed/subscribed-calendar.controller';
import { CancelLessonHandler } from './cancel-lesson/cancel-lesson.handler';
import { CancelLessonsHandler } from './cancel-lessons/cancel-lessons.handler';
import { CancelSeriesController } from './cancel-lessons/cancel-series.controller';
import {
  LESSON_CANCELLATION_HANDLERS,
  LessonCancellationWorkflow,
} from './cancel-lessons/lesson-cancellation.workflow';
import { CompleteLessonHandler, RecordNoShowHandler } from './complete-lesson/complete-lesson.handler';
import { LessonActionsController } from './lesson-actions.controller';
import { LessonChangesWorkflow } from './lesson-changes.workflow';
import { RequestLessonEmailHandler } from './lesson-emails.handler';
import { LessonSchedulingWorkflow } from './lesson-scheduling.workflow';
import { LESSON_FOLLOW_UP_HANDLERS } from './lesson-follow-ups.handlers';
import { ListLessonsController } from './list-lessons/list-lessons.controller';
import { OrphanSlotSweeperJob } from './orphan-slots/orphan-slot-sweeper.job';
import { LessonRemindersJob } from './send-reminders/lesson-reminders.job';
import { SendLessonReminderHandler } from './send-reminders/send-lesson-reminder.handler';
import { PublicTimeslotsController } from './public-timeslots/public-timeslots.controller';
import { RescheduleLessonHandler } from './reschedule-lesson/reschedule-lesson.handler';
import { ScheduleLessonController } from './schedule-lesson/schedule-lesson.controller';
import { CheckLessonAvailabilityHandler } from './schedule-lesson/check-availability.handler';
import { LessonBooking } from './schedule-lesson/lesson-booking';
import { ScheduleLessonsHandler } from './schedule-lesson/schedule-lesson.handler';

@Module({
  controllers: [
    ScheduleLessonController,
    ListLessonsController,
    LessonActionsController,
    PublicTimeslotsController,
    CalendarFeedController,
    CalendarSubscriptionsController,
    SubscribedCalendarController,
    CancelSeriesController,
  ],
  providers: [
    CalendarReservations,
    LessonBooking,
    SuggestAlternatives,
    ScheduleLessonsHandler,
    CheckLessonAvailabilityHandler,
    RescheduleLessonHandler,
    CancelLessonHandler,
    CancelLessonsHandler,
    ...LESSON_CANCELLATION_HANDLERS,
    LessonCancellationWorkflow,
    CompleteLessonHandler,
    RecordNoShowHandler,
    ...LESSON_FOLLOW_UP_HANDLERS,
    ...LESSON_QUERY_HANDLERS,
    ListCalendarLessonsHandler,
    CalendarSubscriptions,
    LessonsProjection,
    LessonChangesWorkflow,
    LessonSchedulingWorkflow,
    RequestLessonEmailHandler,
    SendLessonReminderHandler,
    LessonRemindersJob,
    OrphanSlotSweeperJob,
  ],
  exports: [LessonBooking],
})
export class LessonsModule {}

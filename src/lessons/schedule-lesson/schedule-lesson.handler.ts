import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { Clock } from '../../shared/clock';
import { LessonScheduled } from '../lesson.events';
import { LessonBooking, LessonRequest } from './lesson-booking';

export class ScheduleLessons implements ICommand {
  constructor(
    readonly request: LessonRequest,
    readonly context: CommandContext,
  ) {}
}

/** Books one lesson or a series (lesson-booking.ts), at the time the request arrives. */
@CommandHandler(ScheduleLessons)
export class ScheduleLessonsHandler implements ICommandHandler<
  ScheduleLessons,
  { lessons: LessonScheduled['data'][]; position: number }
> {
  constructor(
    private readonly booking: LessonBooking,
    private readonly clock: Clock,
  ) {}

  execute({ request, context }: ScheduleLessons) {
    return this.booking.book(request, context, this.clock.now());
  }
}

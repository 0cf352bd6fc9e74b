import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { BookingService, LessonRequest } from '../booking.service';
import { LessonScheduled } from '../lesson.events';

export class ScheduleLessons implements ICommand {
  constructor(
    readonly request: LessonRequest,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ScheduleLessons)
export class ScheduleLessonsHandler implements ICommandHandler<
  ScheduleLessons,
  { lessons: LessonScheduled['data'][]; position: number }
> {
  constructor(private readonly booking: BookingService) {}

  execute({ request, context }: ScheduleLessons) {
    return this.booking.book(request, context);
  }
}

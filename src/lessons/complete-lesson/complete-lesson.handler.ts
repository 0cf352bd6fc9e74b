import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { lessonDecider } from '../lesson.decider';
import { lessonStream } from '../lesson.events';

export class CompleteLesson implements ICommand {
  constructor(
    readonly data: { lessonId: string; notes: string | null },
    readonly context: CommandContext,
  ) {}
}

export class RecordNoShow implements ICommand {
  constructor(
    readonly data: { lessonId: string },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(CompleteLesson)
export class CompleteLessonHandler implements ICommandHandler<CompleteLesson> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: CompleteLesson) {
    return this.executor.execute(
      lessonStream(data.lessonId),
      lessonDecider,
      { type: 'CompleteLesson', ...data, at: context.issuedAt },
      context,
    );
  }
}

@CommandHandler(RecordNoShow)
export class RecordNoShowHandler implements ICommandHandler<RecordNoShow> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: RecordNoShow) {
    return this.executor.execute(
      lessonStream(data.lessonId),
      lessonDecider,
      { type: 'RecordNoShow', ...data, at: context.issuedAt },
      context,
    );
  }
}

import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { isEvent } from '../../event-store/stored-event';
import { lessonDecider } from '../lesson.decider';
import { CancellationInitiator, LessonCancelled, lessonStream } from '../lesson.events';
import { LessonChangesWorkflow } from '../lesson-changes.workflow';

export class CancelLesson implements ICommand {
  constructor(
    readonly data: { lessonId: string; reason: string; initiatedBy: CancellationInitiator },
    readonly context: CommandContext,
  ) {}
}

/**
 * Records the cancellation, then runs its follow-ups (free both calendars, grant the makeup
 * credit) at once, with the very command ids the lesson-changes saga derives: the saga's own
 * run, or a run after a crash here, finds them done.
 */
@CommandHandler(CancelLesson)
export class CancelLessonHandler implements ICommandHandler<CancelLesson, { makeupCredit: boolean; position: number }> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly followUps: LessonChangesWorkflow,
  ) {}

  async execute({ data, context }: CancelLesson) {
    const result = await this.executor.execute(
      lessonStream(data.lessonId),
      lessonDecider,
      { type: 'CancelLesson', ...data, at: context.issuedAt },
      context,
    );
    const cancelled = result.stored?.find(isEvent<LessonCancelled>('LessonCancelled')) ?? null;
    if (cancelled) await this.followUps.runNow(cancelled);
    return {
      makeupCredit: cancelled?.data.makeupCredit ?? false,
      position: result.position,
    };
  }
}

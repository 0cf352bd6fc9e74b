import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { isEvent } from '../../event-store/stored-event';
import { deriveId } from '../../shared/ids';
import { lessonDecider, LessonState } from '../lesson.decider';
import { CancellationInitiator, lessonStream } from '../lesson.events';
import { CandidateLesson, lessonCancellationDecider, lessonsToCancel } from './lesson-cancellation.decider';
import {
  CancellationScope,
  LessonCancelledTogether,
  LessonsCancelledTogether,
  lessonCancellationStream,
} from './lesson-cancellation.events';
import { LessonCancellationWorkflow } from './lesson-cancellation.workflow';

/** Cancels the named lessons that are still to come as one change (see lessonsToCancel). */
export class CancelLessons implements ICommand {
  constructor(
    readonly data: {
      scope: CancellationScope;
      lessonIds: string[];
      reason: string;
      initiatedBy: CancellationInitiator;
      /** default: derived from the lessons it cancels, so the same request twice is one cancellation */
      cancellationId?: string;
    },
    readonly context: CommandContext,
  ) {}
}

export interface CancelLessonsResult {
  /** null when nothing was left to cancel */
  cancellationId: string | null;
  cancelled: LessonCancelledTogether[];
  position: number;
}

/**
 * Records the cancellation, then runs its workflow at once (each lesson cancelled, its slots
 * freed and credit granted, the emails requested) with the command ids the saga derives: the
 * saga's own run, or a repeat of the request after a crash, finds them done.
 */
@CommandHandler(CancelLessons)
export class CancelLessonsHandler implements ICommandHandler<CancelLessons, CancelLessonsResult> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly workflow: LessonCancellationWorkflow,
  ) {}

  async execute({ data, context }: CancelLessons): Promise<CancelLessonsResult> {
    const states = await Promise.all(
      data.lessonIds.map((id) => this.executor.load<LessonState, never>(lessonStream(id), lessonDecider)),
    );
    const lessons: CandidateLesson[] = states
      .filter((l): l is Extract<LessonState, { studentId: string }> => l.status !== 'none')
      .map((l) => ({
        lessonId: l.lessonId,
        studentId: l.studentId,
        teacherId: l.teacherId,
        startsAt: l.startsAt,
        lessonType: l.lessonType,
        status: l.status,
      }));
    const taken = lessonsToCancel({ ...data, lessons, at: context.issuedAt });
    const cancellationId =
      data.cancellationId ??
      deriveId('lesson-cancellation', JSON.stringify(data.scope), ...taken.map((l) => l.lessonId));
    const stream = lessonCancellationStream(cancellationId);
    const result = await this.executor.execute(
      stream,
      lessonCancellationDecider,
      {
        type: 'CancelLessonsTogether',
        cancellationId,
        scope: data.scope,
        reason: data.reason,
        initiatedBy: data.initiatedBy,
        lessons,
        at: context.issuedAt,
      },
      context,
    );
    // A cancellation's stream holds its one LessonsCancelledTogether: this command's, or, when the
    // cancellation had been recorded before, that one (read only then).
    const isCancellation = isEvent<LessonsCancelledTogether>('LessonsCancelledTogether');
    const recorded =
      result.stored?.find(isCancellation) ??
      (result.events.length ? undefined : (await this.store.readStream(stream)).find(isCancellation));
    if (!recorded) return { cancellationId: null, cancelled: [], position: result.position };
    await this.workflow.runNow(recorded);
    const d = recorded.data;
    // A repeat of a cancellation already done changes nothing: it reports nothing as newly cancelled.
    return { cancellationId, cancelled: result.events.length ? d.lessons : [], position: result.position };
  }
}

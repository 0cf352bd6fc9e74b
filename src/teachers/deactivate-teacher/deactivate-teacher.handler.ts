import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { teacherDecider } from '../teacher.decider';
import { TeacherEvent, teacherStream } from '../teacher.events';
import { TeacherDepartureWorkflow } from './teacher-departure.workflow';

export class DeactivateTeacher implements ICommand {
  constructor(
    readonly data: { teacherId: string; reason: string | null },
    readonly context: CommandContext,
  ) {}
}

export class ReactivateTeacher implements ICommand {
  constructor(
    readonly data: { teacherId: string },
    readonly context: CommandContext,
  ) {}
}

/**
 * Records the departure, then runs its follow-up at once (students reassigned or waiting, families
 * told) with the command ids the teacher-departure saga derives: its own run finds them done.
 */
@CommandHandler(DeactivateTeacher)
export class DeactivateTeacherHandler implements ICommandHandler<DeactivateTeacher, ExecutionResult<TeacherEvent>> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly departure: TeacherDepartureWorkflow,
  ) {}

  async execute({ data, context }: DeactivateTeacher): Promise<ExecutionResult<TeacherEvent>> {
    const result = await this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'DeactivateTeacher', ...data },
      context,
    );
    if (result.events.length || result.alreadyApplied) {
      const [last] = await this.store.readStream(teacherStream(data.teacherId), { direction: 'backwards', limit: 1 });
      if (last?.type === 'TeacherDeactivated') await this.departure.runNow(last);
    }
    return result;
  }
}

@CommandHandler(ReactivateTeacher)
export class ReactivateTeacherHandler implements ICommandHandler<ReactivateTeacher, ExecutionResult<TeacherEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: ReactivateTeacher): Promise<ExecutionResult<TeacherEvent>> {
    return this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'ReactivateTeacher', ...data },
      context,
    );
  }
}

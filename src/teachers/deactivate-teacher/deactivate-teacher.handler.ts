import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
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
    private readonly departure: TeacherDepartureWorkflow,
  ) {}

  async execute({ data, context }: DeactivateTeacher): Promise<ExecutionResult<TeacherEvent>> {
    const result = await this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'DeactivateTeacher', ...data },
      context,
    );
    const deactivated = result.stored?.find((e) => e.type === 'TeacherDeactivated');
    if (deactivated) await this.departure.runNow(deactivated);
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

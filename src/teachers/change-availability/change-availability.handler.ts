import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { teacherDecider } from '../teacher.decider';
import { TeacherEvent, teacherStream } from '../teacher.events';
import { ChangeTeacherAvailability } from './change-availability.command';

@CommandHandler(ChangeTeacherAvailability)
export class ChangeTeacherAvailabilityHandler
  implements ICommandHandler<ChangeTeacherAvailability, ExecutionResult<TeacherEvent>>
{
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: ChangeTeacherAvailability): Promise<ExecutionResult<TeacherEvent>> {
    return this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'ChangeTeacherAvailability', ...data },
      context,
    );
  }
}

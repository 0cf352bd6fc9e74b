import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { studentDecider } from '../student.decider';
import { StudentEvent, studentStream } from '../student.events';
import { ChangeStudent } from './change-student.command';

/** The student decider refuses a withdrawn student or a rate out of range. */
@CommandHandler(ChangeStudent)
export class ChangeStudentHandler implements ICommandHandler<ChangeStudent, ExecutionResult<StudentEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ studentId, changes, context }: ChangeStudent): Promise<ExecutionResult<StudentEvent>> {
    return this.executor.execute(
      studentStream(studentId),
      studentDecider,
      {
        type: 'ChangeStudentDetails',
        studentId,
        skillLevel: changes.skillLevel,
        lessonRateCents: changes.lessonRateCents,
      },
      context,
    );
  }
}

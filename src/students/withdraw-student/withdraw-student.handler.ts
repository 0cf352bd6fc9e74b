import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { studentDecider } from '../student.decider';
import { StudentEvent, studentStream } from '../student.events';
import { WithdrawStudent } from './withdraw-student.command';

@CommandHandler(WithdrawStudent)
export class WithdrawStudentHandler implements ICommandHandler<WithdrawStudent, ExecutionResult<StudentEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ studentId, context }: WithdrawStudent): Promise<ExecutionResult<StudentEvent>> {
    return this.executor.execute(
      studentStream(studentId),
      studentDecider,
      { type: 'WithdrawStudent', studentId, reason: null },
      context,
    );
  }
}

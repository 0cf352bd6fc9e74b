import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../cqrs/command-context';
import { CommandExecutor, ExecutionResult, newStream } from '../cqrs/command-executor';
import { AssignTeacherCommand, EnrollStudentCommand, studentDecider } from './student.decider';
import { StudentEvent, studentStream } from './student.events';

/** Records a student of a family (issued by the enrollment workflow). */
export class EnrollStudent implements ICommand {
  constructor(
    readonly data: Omit<EnrollStudentCommand, 'type'>,
    readonly context: CommandContext,
  ) {}
}

/** Records the student's teacher (issued by the enrollment workflow once a seat is taken). */
export class AssignTeacher implements ICommand {
  constructor(
    readonly data: Omit<AssignTeacherCommand, 'type'>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(EnrollStudent)
export class EnrollStudentHandler implements ICommandHandler<EnrollStudent, ExecutionResult<StudentEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: EnrollStudent) {
    return this.executor.execute(
      studentStream(data.studentId),
      studentDecider,
      { type: 'EnrollStudent', ...data },
      context,
      // the student's id derives from the enrollment's: new, unless this command was stored before
      newStream(studentStream(data.studentId)),
    );
  }
}

@CommandHandler(AssignTeacher)
export class AssignTeacherHandler implements ICommandHandler<AssignTeacher, ExecutionResult<StudentEvent>> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ data, context }: AssignTeacher) {
    return this.executor.execute(
      studentStream(data.studentId),
      studentDecider,
      { type: 'AssignTeacher', ...data },
      context,
    );
  }
}

import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { CommandExecutor, ExecutionResult } from '../../cqrs/command-executor';
import { studentDecider, StudentState } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider, TeacherState } from '../teacher.decider';
import { TeacherEvent, teacherStream } from '../teacher.events';

/** The academy changes a teacher's terms: rate, how many students, instruments, bio. */
export class ChangeTeacherDetails implements ICommand {
  constructor(
    readonly data: {
      teacherId: string;
      hourlyRateCents?: number;
      maxStudents?: number;
      instruments?: string[];
      bio?: string | null;
    },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeTeacherDetails)
export class ChangeTeacherDetailsHandler implements ICommandHandler<
  ChangeTeacherDetails,
  ExecutionResult<TeacherEvent>
> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ data, context }: ChangeTeacherDetails): Promise<ExecutionResult<TeacherEvent>> {
    // The instruments the teacher's students learn, for the rule that a teacher keeps those.
    let instrumentsInUse: string[] = [];
    if (data.instruments) {
      const teacher = await this.executor.load<TeacherState, never>(teacherStream(data.teacherId), teacherDecider);
      const students = teacher.status === 'none' ? [] : teacher.students;
      const states = await Promise.all(
        students.map((id) => this.executor.load<StudentState, never>(studentStream(id), studentDecider)),
      );
      instrumentsInUse = states.flatMap((s) => (s.status === 'active' ? [s.instrument] : []));
    }
    return this.executor.execute(
      teacherStream(data.teacherId),
      teacherDecider,
      { type: 'ChangeTeacherDetails', ...data, instrumentsInUse },
      context,
    );
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EmailClaims } from '../../identity/email-claims';
import { deriveId } from '../../shared/ids';
import { RegisterTeacherCommand } from '../teacher.commands';
import { teacherDecider } from '../teacher.decider';
import { teacherStream } from '../teacher.events';
import { RegisterTeacher } from './register-teacher.command';

export interface TeacherRegistration {
  teacherId: string;
  position: number;
}

@CommandHandler(RegisterTeacher)
export class RegisterTeacherHandler implements ICommandHandler<RegisterTeacher, TeacherRegistration> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly claims: EmailClaims,
  ) {}

  async execute({ data, context }: RegisterTeacher): Promise<TeacherRegistration> {
    const teacherId = deriveId(context.commandId, 'teacher');
    const command: RegisterTeacherCommand = {
      type: 'RegisterTeacher',
      ...data,
      teacherId,
      userId: deriveId('teacher-user', teacherId),
    };
    // Refuse an invalid teacher before claiming the email, so a corrected retry is not blocked.
    teacherDecider.decide(command, teacherDecider.initialState());
    await this.claims.claim(command.email, command.userId, teacherStream(teacherId), context);
    const result = await this.executor.execute(teacherStream(teacherId), teacherDecider, command, context);
    return { teacherId, position: result.position };
  }
}

import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { RegisterTeacherCommand } from '../teacher.commands';

export class RegisterTeacher implements ICommand {
  constructor(
    readonly data: Omit<RegisterTeacherCommand, 'type' | 'teacherId' | 'userId'>,
    readonly context: CommandContext,
  ) {}
}

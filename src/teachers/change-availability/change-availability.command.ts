import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { WeeklyAvailability } from '../availability';

export class ChangeTeacherAvailability implements ICommand {
  constructor(
    readonly data: { teacherId: string; availability: WeeklyAvailability },
    readonly context: CommandContext,
  ) {}
}

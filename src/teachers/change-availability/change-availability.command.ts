import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { WeeklyAvailability } from '../availability';
import { StrandedLessonHandling } from '../teacher.events';

export class ChangeTeacherAvailability implements ICommand {
  constructor(
    readonly data: { teacherId: string; availability: WeeklyAvailability; strandedLessons?: StrandedLessonHandling },
    readonly context: CommandContext,
  ) {}
}

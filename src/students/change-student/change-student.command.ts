import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';
import { SkillLevel } from '../student.events';

/** Change a student's skill level or lesson rate (cents; NaN when the rate given is not a dollar amount). */
export class ChangeStudent implements ICommand {
  constructor(
    readonly studentId: string,
    readonly changes: { skillLevel?: SkillLevel; lessonRateCents?: number },
    readonly context: CommandContext,
  ) {}
}

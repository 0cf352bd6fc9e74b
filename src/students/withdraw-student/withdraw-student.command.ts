import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Withdraw a student: the record stays; the withdrawal workflow frees the seat and cancels future lessons. */
export class WithdrawStudent implements ICommand {
  constructor(
    readonly studentId: string,
    readonly context: CommandContext,
  ) {}
}

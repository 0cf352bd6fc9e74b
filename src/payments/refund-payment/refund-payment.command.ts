import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/** Refund all or part of a payment: amountCents null gives back all that is left of the charge. */
export class RefundPayment implements ICommand {
  constructor(
    readonly paymentId: string,
    readonly amountCents: number | null,
    readonly reason: string | null,
    readonly context: CommandContext,
  ) {}
}

import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../../cqrs/command-context';

/**
 * Charge a family for one of its students: amountCents null only for a lesson (lessonId), which
 * is charged at its price; paymentMethodId null charges the family's saved payment method.
 */
export class ProcessPayment implements ICommand {
  constructor(
    readonly data: {
      studentId: string;
      lessonId: string | null;
      amountCents: number | null;
      description: string;
      paymentMethodId: string | null;
    },
    readonly context: CommandContext,
  ) {}
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EnrollmentRow } from '../../../projections/enrollments/enrollment.entity';
import { FamilyPaymentMethodRow } from '../../../projections/payments/payment.entity';
import { CommandExecutor } from '../../cqrs/command-executor';
import { userDecider, UserState } from '../../identity/user.decider';
import { userStream } from '../../identity/user.events';
import { PAYMENT_GATEWAY, PaymentGateway, PaymentGatewayError } from '../../payments/gateway/payment-gateway.port';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { PaymentSetupOutcome } from '../enrollment.state';
import { SetupPaymentMethod, enrollmentOf } from './node-commands';
import { selectRows } from '../../database/select-rows';

/** How long a gateway outage is retried before the setup is recorded as failed. */
const GATEWAY_PATIENCE_MS = 5 * 60 * 1000;

@CommandHandler(SetupPaymentMethod)
export class SetupPaymentMethodHandler implements ICommandHandler<SetupPaymentMethod> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  /**
   * The family's Stripe customer (one per family, named from its account so every enrollment
   * asks for the same customer) with the enrollment's card. The card becomes the family's card
   * for charges only when the family has none yet: a confirmed enrollment of an existing family
   * adds its card beside the saved one, never replacing it silently. A declined or
   * invalid card is recorded and the workflow goes on; a gateway outage is retried (the
   * subscription's back-off) for a few minutes, then recorded the same way.
   */
  async execute({ enrollmentId, studentId, parentId, since, context }: SetupPaymentMethod) {
    // the enrollment, the parent's account and the family's customer (if it has one), read at once
    const [e, parent, [known]] = await this.executor.together(() =>
      Promise.all([
        enrollmentOf(this.executor, enrollmentId),
        this.executor.load<UserState, never>(userStream(parentId), userDecider),
        selectRows(this.em, EnrollmentRow, 'parent_id = ? AND customer_id IS NOT NULL ORDER BY arrival LIMIT 1', [
          parentId,
        ]),
      ]),
    );
    if (e.paymentRecorded) return;
    if (parent.status !== 'registered') throw new Error(`parent ${parentId} is not registered yet`);
    let customerId: string | null = null;
    // Enrollments stored before family confirmation existed have no family recorded: as then, new.
    const family = e.family ?? { status: 'confirmed', parentId, via: 'new-family' };
    if (family.status !== 'confirmed' || family.parentId !== parentId)
      throw new Error(`enrollment ${enrollmentId} has no confirmed family ${parentId}`);
    let outcome: PaymentSetupOutcome;
    try {
      // (for a family known before) whether it has a card
      const cards =
        family.via === 'new-family'
          ? []
          : await selectRows(this.em, FamilyPaymentMethodRow, 'parent_id = ? LIMIT 1', [parentId]);
      const makeDefault = family.via === 'new-family' || !cards.length;
      customerId =
        known?.customerId ??
        (
          await this.gateway.createCustomer({
            idempotencyKey: `customer:${parentId}`,
            email: parent.email,
            name: parent.displayName,
            metadata: { parentId },
          })
        ).customerId;
      const pm = await this.gateway.attachPaymentMethod({
        idempotencyKey: `attach:${enrollmentId}`,
        customerId,
        paymentMethodId: e.application.paymentToken,
        makeDefault,
      });
      outcome = {
        ok: true,
        customerId,
        paymentMethodId: pm.paymentMethodId,
        brand: pm.brand,
        last4: pm.last4,
        makeDefault,
      };
    } catch (err) {
      if (!(err instanceof PaymentGatewayError)) throw err;
      if (err.retryable && Date.parse(context.issuedAt) - Date.parse(since) < GATEWAY_PATIENCE_MS) throw err;
      outcome = { ok: false, customerId, code: err.code, reason: err.message };
    }
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      { type: 'RecordPaymentSetup', enrollmentId, parentId, studentId, outcome },
      context,
    );
  }
}

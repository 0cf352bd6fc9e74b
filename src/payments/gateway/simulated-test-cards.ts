import { PaymentGatewayError } from './payment-gateway.port';

/**
 * Stripe's test payment methods (docs.stripe.com/testing) and how each behaves in test mode:
 * a card that attaches and charges; one whose issuer declines it (already when it is attached
 * to a customer, which checks the card); one that attaches and then declines every charge
 * (chargeCustomerFail); one that needs 3-D Secure, which an off-session charge cannot do.
 * Declines carry Stripe's decline code (or, for expired_card, incorrect_cvc and processing_error,
 * its error code) and message, as the Stripe adapter reports them.
 */
type Decline = { declineCode: string; message: string };
export type TestCard = { brand: string; last4: string; declinesAttach?: Decline; declinesCharge?: Decline };

const DECLINED = 'Your card was declined.';
const decline = (declineCode: string, message = DECLINED): Decline => ({ declineCode, message });
const declined = (brand: string, last4: string, d: Decline): TestCard => ({
  brand,
  last4,
  declinesAttach: d,
  declinesCharge: d,
});

const CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_mastercard_debit: { brand: 'mastercard', last4: '8210' },
  pm_card_mastercard_prepaid: { brand: 'mastercard', last4: '5100' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
  pm_card_discover: { brand: 'discover', last4: '1117' },
  pm_card_diners: { brand: 'diners', last4: '0004' },
  pm_card_jcb: { brand: 'jcb', last4: '0505' },
  pm_card_unionpay: { brand: 'unionpay', last4: '0005' },
  pm_card_ca: { brand: 'visa', last4: '0000' },
  pm_card_chargeDeclined: declined('visa', '0002', decline('generic_decline')),
  pm_card_chargeDeclinedInsufficientFunds: declined(
    'visa',
    '9995',
    decline('insufficient_funds', 'Your card has insufficient funds.'),
  ),
  pm_card_chargeDeclinedLostCard: declined('visa', '9987', decline('lost_card')),
  pm_card_chargeDeclinedStolenCard: declined('visa', '9979', decline('stolen_card')),
  pm_card_chargeDeclinedExpiredCard: declined('visa', '0069', decline('expired_card', 'Your card has expired.')),
  pm_card_chargeDeclinedIncorrectCvc: declined(
    'visa',
    '0127',
    decline('incorrect_cvc', "Your card's security code is incorrect."),
  ),
  pm_card_chargeDeclinedProcessingError: declined(
    'visa',
    '0119',
    decline('processing_error', 'An error occurred while processing your card. Try again in a little bit.'),
  ),
  pm_card_chargeDeclinedFraudulent: declined('visa', '0019', decline('fraudulent')),
  pm_card_chargeDeclinedVelocityLimitExceeded: declined('visa', '6975', decline('card_velocity_exceeded')),
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', declinesCharge: decline('generic_decline') },
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    declinesCharge: decline(
      'authentication_required',
      'Your card was declined. This transaction requires authentication.',
    ),
  },
};
// Stripe's docs also spell the issuer declines with the brand: pm_card_visa_chargeDeclined….
for (const name of [
  'Declined',
  'DeclinedInsufficientFunds',
  'DeclinedLostCard',
  'DeclinedStolenCard',
  'DeclinedVelocityLimitExceeded',
]) {
  CARDS[`pm_card_visa_charge${name}`] = CARDS[`pm_card_charge${name}`];
}

/** The test card an id names, if it is one. */
export function testCard(paymentMethodId: string): TestCard | undefined {
  return Object.hasOwn(CARDS, paymentMethodId) ? CARDS[paymentMethodId] : undefined;
}

export function noSuchPaymentMethod(paymentMethodId: string): PaymentGatewayError {
  // Stripe answers resource_missing on payment_method; the Stripe adapter reports that as invalid_payment_method.
  return new PaymentGatewayError({
    code: 'invalid_payment_method',
    message: `No such PaymentMethod: '${paymentMethodId}'`,
    retryable: false,
  });
}

export function declineError(d: Decline, paymentIntentId?: string): PaymentGatewayError {
  return new PaymentGatewayError({
    code: 'card_declined',
    declineCode: d.declineCode,
    message: d.message,
    retryable: false,
    ...(paymentIntentId ? { paymentIntentId } : {}),
  });
}

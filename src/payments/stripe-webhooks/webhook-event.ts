import { BadRequestException } from '@nestjs/common';
import type Stripe from 'stripe';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const bad = (message: string) => new BadRequestException(message);

/**
 * A signed body is Stripe's word, but its shape is checked before anything is applied: an
 * event we cannot read is refused with 400 and nothing is stored (Stripe's own events always
 * pass). Only the fields we use are checked, and only for the event types we handle.
 */
export function checkEventShape(event: unknown): Stripe.Event {
  if (!isObject(event)) throw bad('the webhook body is not a Stripe event (an object with id, type and data.object)');
  if (typeof event.id !== 'string' || !event.id || event.id.length > 255) throw bad('the event has no id');
  if (typeof event.type !== 'string' || !event.type) throw bad('the event has no type');
  if (!isObject(event.data) || !isObject(event.data.object)) throw bad('the event has no data.object');
  const object = event.data.object;
  const handled = event.type.startsWith('payment_intent.') || event.type === 'charge.refunded';
  if (!handled) return event as unknown as Stripe.Event;
  const need = (ok: boolean, what: string) => {
    if (!ok) throw bad(`${event.type}: data.object.${what}`);
  };
  need(typeof object.id === 'string' && object.id.length > 0, 'id must be a string');
  need(isCount(object.amount), 'amount must be a whole number of cents');
  need(typeof object.currency === 'string' && /^[a-z]{3}$/i.test(object.currency), 'currency must be a currency code');
  need(object.metadata == null || isObject(object.metadata), 'metadata must be an object');
  if (event.type === 'charge.refunded') {
    need(isCount(object.amount_refunded), 'amount_refunded must be a whole number of cents');
    need(
      object.payment_intent == null ||
        typeof object.payment_intent === 'string' ||
        (isObject(object.payment_intent) && typeof object.payment_intent.id === 'string'),
      'payment_intent must be an intent id',
    );
  } else {
    need(
      object.last_payment_error == null || isObject(object.last_payment_error),
      'last_payment_error must be an object',
    );
  }
  return event as unknown as Stripe.Event;
}

/** metadata.attempt when it is a valid attempt number. */
export function attemptOf(metadata: Stripe.Metadata | null | undefined): number | null {
  const attempt = Number(metadata?.attempt);
  return Number.isInteger(attempt) && attempt > 0 ? attempt : null;
}

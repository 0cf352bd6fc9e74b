import { isEmail, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/** ISO 8601 with an explicit offset: a time without one would be ambiguous. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real instant (no month 13, no 31 February, an offset within ±14:00) written with its offset. */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !INSTANT.test(value)) return false;
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid || Math.abs(parsed.offset) > 14 * 60) return false;
  // Luxon rolls nothing over, but check the calendar date survives the round trip anyway.
  return parsed.toFormat('yyyy-MM-dd') === value.slice(0, 10);
}

export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: isInstant,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an ISO 8601 date-time with an offset, e.g. 2026-11-02T16:00:00-04:00`,
      },
    });
}

/**
 * A number of dollars with at most two decimals, judged on its decimal text. (class-validator's
 * IsNumber({maxDecimalPlaces}) throws on numbers JavaScript prints in exponent form, e.g. 5e-324.)
 */
export function isDollarAmount(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && /^-?\d+(\.\d{1,2})?$/.test(String(value));
}

export function IsDollarAmount(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDollarAmount',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: isDollarAmount,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an amount in dollars with at most two decimals`,
      },
    });
}

/**
 * Characters an email address must not carry: UTF-16 halves without their pair (they make
 * class-validator's isEmail throw), controls, and invisible format characters (zero-width
 * spaces and joiners, bidi controls, soft hyphens: \p{Cf}) that would make a look-alike of
 * another address.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** An email address as the product accepts it: well-formed text, nothing invisible, a valid address. */
export function isEmailAddress(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 254) return false;
  if (LONE_SURROGATE.test(value) || INVISIBLE.test(value)) return false;
  try {
    return isEmail(value);
  } catch {
    return false;
  }
}

export function IsEmailAddress(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: isEmailAddress,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} must be an email address (printable characters only, no invisible or unpaired characters)`,
      },
    });
}

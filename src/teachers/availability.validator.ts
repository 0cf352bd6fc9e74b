import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { availabilityProblems } from './availability';

/** A weekly availability object: weekdays → non-overlapping "HH:MM" windows. */
export function IsWeeklyAvailability(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWeeklyAvailability',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => availabilityProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => availabilityProblems(args?.value).join('; '),
      },
    });
}

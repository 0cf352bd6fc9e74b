/**
 * Every notice period of the lesson rules, one constant each, in milliseconds. The deciders,
 * the public timeslots, the emails and the API descriptions that state a period read it here,
 * so changing one changes what the academy enforces and what it tells families at once.
 */

const HOUR_MS = 60 * 60 * 1000;

/** A family books, or moves a lesson to, only a time more than this far ahead (the office: any future time). */
export const FAMILY_BOOKING_NOTICE_MS = 24 * HOUR_MS;

/** A lesson can be moved only more than this long before it starts. */
export const RESCHEDULE_NOTICE_MS = 24 * HOUR_MS;

/** A family's cancellation earns a makeup credit only with more than this much notice. */
export const MAKEUP_CREDIT_NOTICE_MS = 24 * HOUR_MS;

/** How long before a lesson its reminder goes out. */
export const REMINDER_LEAD_MS = 24 * HOUR_MS;

/** The demo lesson of an enrollment is the first free slot at least this far ahead. */
export const DEMO_LESSON_NOTICE_MS = 24 * HOUR_MS;

/** A period in whole hours, for the messages that state it ("more than 24 hours ahead"). */
export const inHours = (ms: number): number => Math.round(ms / HOUR_MS);

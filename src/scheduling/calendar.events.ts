/**
 * A calendar is a consistency boundary: one stream per teacher and one per student. Every
 * booking is appended to both, each with its expected revision, so two overlapping bookings of
 * one teacher (or one student) cannot both be written.
 */
export type CalendarOwner = 'teacher' | 'student';

export const calendarStream = (owner: CalendarOwner, id: string) => `${owner}-calendar-${id}`;

export interface BookedSlot {
  lessonId: string;
  /** ISO instants (UTC) */
  startsAt: string;
  endsAt: string;
  /** the student on a teacher's calendar, the teacher on a student's */
  withId: string;
}

export type CalendarSlotsBooked = {
  type: 'CalendarSlotsBooked';
  data: { owner: CalendarOwner; ownerId: string; slots: BookedSlot[] };
};
export type CalendarSlotReleased = {
  type: 'CalendarSlotReleased';
  data: {
    owner: CalendarOwner;
    ownerId: string;
    lessonId: string;
    reason: 'cancelled' | 'rescheduled' | 'booking-abandoned';
  };
};

export type CalendarSlotMoved = {
  type: 'CalendarSlotMoved';
  data: { owner: CalendarOwner; ownerId: string; lessonId: string; startsAt: string; endsAt: string };
};

export type CalendarEvent = CalendarSlotsBooked | CalendarSlotReleased | CalendarSlotMoved;

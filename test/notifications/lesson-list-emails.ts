import { RenderedEmail } from '../../src/notifications/templates/templates';
import { html, lesson, SIGNATURE } from './support';

/**
 * Eight Mondays at 4:00 PM in Halifax from February 22, 2027: the series crosses the March 14 change to daylight time.
 */
const eightMondays = [
  '2027-02-22T20:00:00.000Z',
  '2027-03-01T20:00:00.000Z',
  '2027-03-08T20:00:00.000Z',
  '2027-03-15T19:00:00.000Z',
  '2027-03-22T19:00:00.000Z',
  '2027-03-29T19:00:00.000Z',
  '2027-04-05T19:00:00.000Z',
  '2027-04-12T19:00:00.000Z',
].map((startsAt) => ({ startsAt }));
const EIGHT_DATES_TEXT = `  - Monday, February 22, 2027 at 4:00 PM AST
  - Monday, March 1, 2027 at 4:00 PM AST
  - Monday, March 8, 2027 at 4:00 PM AST
  - Monday, March 15, 2027 at 4:00 PM ADT
  - Monday, March 22, 2027 at 4:00 PM ADT
  - Monday, March 29, 2027 at 4:00 PM ADT
  - Monday, April 5, 2027 at 4:00 PM ADT
  - Monday, April 12, 2027 at 4:00 PM ADT
`;
const EIGHT_DATES_HTML = [
  '<ul>',
  ...['February 22', 'March 1', 'March 8'].map((d) => `<li><strong>Monday, ${d}, 2027 at 4:00 PM AST</strong></li>`),
  ...['March 15', 'March 22', 'March 29', 'April 5', 'April 12'].map(
    (d) => `<li><strong>Monday, ${d}, 2027 at 4:00 PM ADT</strong></li>`,
  ),
  '</ul>',
];

/** Emails about several lessons at once: a booked series, lessons cancelled together, a teacher leaving. */
export const listCases: Record<string, { template: string; data: Record<string, unknown>; expected: RenderedEmail }> = {
  'lesson-scheduled, a weekly series across the change to daylight time': {
    template: 'lesson-scheduled',
    data: { ...lesson, startsAt: eightMondays[0].startsAt, lessons: eightMondays, lessonCount: 8 },
    expected: {
      subject:
        'Lessons booked: Ada Lovelace with Clara Schumann, 8 lessons from Monday, February 22, 2027 at 4:00 PM AST',
      text: `Hello,

Ada Lovelace's piano lessons with Clara Schumann are booked for these 8 dates:
${EIGHT_DATES_TEXT}
Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>Ada Lovelace's piano lessons with Clara Schumann are booked for these 8 dates:</p>",
        ...EIGHT_DATES_HTML,
        '<p>Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.</p>',
      ),
    },
  },
  'teacher-lesson-change, a booked series': {
    template: 'teacher-lesson-change',
    data: {
      ...lesson,
      startsAt: eightMondays[0].startsAt,
      booked: true,
      series: true,
      lessons: eightMondays,
      lessonCount: 8,
    },
    expected: {
      subject: 'Lessons booked: Ada Lovelace, 8 lessons from Monday, February 22, 2027 at 4:00 PM AST',
      text: `Dear Clara Schumann,

A series of 8 piano lessons with Ada Lovelace is booked:
${EIGHT_DATES_TEXT}
Your calendar in the academy's system shows every lesson as it now stands.

${SIGNATURE}`,
      html: html(
        '<p>Dear Clara Schumann,</p>',
        '<p>A series of 8 piano lessons with Ada Lovelace is booked:</p>',
        ...EIGHT_DATES_HTML,
        "<p>Your calendar in the academy's system shows every lesson as it now stands.</p>",
      ),
    },
  },
  'lessons-cancelled, the rest of a series by the family': {
    template: 'lessons-cancelled',
    data: {
      ...lesson,
      lessons: [
        { startsAt: '2027-03-29T19:00:00.000Z', makeupCredit: false },
        { startsAt: '2027-04-05T19:00:00.000Z', makeupCredit: true },
        { startsAt: '2027-04-12T19:00:00.000Z', makeupCredit: true },
      ],
      lessonCount: 3,
      firstStartsAt: '2027-03-29T19:00:00.000Z',
      creditCount: 2,
      reason: 'moving to Toronto',
      creditExpiresAt: '2027-06-01T15:00:00Z',
    },
    expected: {
      subject: 'Lessons cancelled: Ada Lovelace with Clara Schumann, 3 from Monday, March 29, 2027 at 4:00 PM ADT',
      text: `Hello,

Ada Lovelace's piano lessons with Clara Schumann on these 3 dates have been cancelled:
  - Monday, March 29, 2027 at 4:00 PM ADT
  - Monday, April 5, 2027 at 4:00 PM ADT (make-up credit)
  - Monday, April 12, 2027 at 4:00 PM ADT (make-up credit)
Reason: moving to Toronto

2 of them come with a make-up credit (marked above), now in your account: book each make-up lesson (up to the length of the one cancelled) from the parent portal before Tuesday, June 1, 2027 at 12:00 PM ADT, when the credits expire.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>Ada Lovelace's piano lessons with Clara Schumann on these 3 dates have been cancelled:</p>",
        '<ul>',
        '<li><strong>Monday, March 29, 2027 at 4:00 PM ADT</strong></li>',
        '<li><strong>Monday, April 5, 2027 at 4:00 PM ADT</strong> (make-up credit)</li>',
        '<li><strong>Monday, April 12, 2027 at 4:00 PM ADT</strong> (make-up credit)</li>',
        '</ul>',
        '<p>Reason: moving to Toronto</p>',
        '<p>2 of them come with a make-up credit (marked above), now in your account: book each make-up lesson (up to the length of the one cancelled) from the parent portal before Tuesday, June 1, 2027 at 12:00 PM ADT, when the credits expire.</p>',
      ),
    },
  },
  'teacher-lessons-cancelled, lessons outside new hours': {
    template: 'teacher-lessons-cancelled',
    data: {
      teacherName: 'Clara Schumann',
      lessons: [
        { startsAt: '2027-03-29T19:00:00.000Z', studentName: 'Ada Lovelace' },
        { startsAt: '2027-04-05T19:00:00.000Z', studentName: 'Lily Chen' },
      ],
      lessonCount: 2,
      firstStartsAt: '2027-03-29T19:00:00.000Z',
      reason: 'outside the new teaching hours',
    },
    expected: {
      subject: 'Lessons cancelled: 2 from Monday, March 29, 2027 at 4:00 PM ADT',
      text: `Dear Clara Schumann,

These 2 lessons of yours are cancelled (outside the new teaching hours):
  - Monday, March 29, 2027 at 4:00 PM ADT, Ada Lovelace
  - Monday, April 5, 2027 at 4:00 PM ADT, Lily Chen

The times are free again in your calendar. Your calendar in the academy's system shows every lesson as it now stands.

${SIGNATURE}`,
      html: html(
        '<p>Dear Clara Schumann,</p>',
        '<p>These 2 lessons of yours are cancelled (outside the new teaching hours):</p>',
        '<ul>',
        '<li><strong>Monday, March 29, 2027 at 4:00 PM ADT</strong>, Ada Lovelace</li>',
        '<li><strong>Monday, April 5, 2027 at 4:00 PM ADT</strong>, Lily Chen</li>',
        '</ul>',
        "<p>The times are free again in your calendar. Your calendar in the academy's system shows every lesson as it now stands.</p>",
      ),
    },
  },
  'teacher-leaving, a new teacher found, lessons still booked': {
    template: 'teacher-leaving',
    data: { ...lesson, newTeacherName: 'Glenn Gould', lessons: eightMondays.slice(6) },
    expected: {
      subject: "Ada Lovelace's piano teacher Clara Schumann is leaving",
      text: `Hello,

Clara Schumann is leaving Cedar Heights Music Academy.
Ada Lovelace's new piano teacher is Glenn Gould. You can book lessons with them from the parent portal.

These lessons are still booked with Clara Schumann:
  - Monday, April 5, 2027 at 4:00 PM ADT
  - Monday, April 12, 2027 at 4:00 PM ADT
They go ahead as booked unless the office writes to cancel them; a cancelled lesson comes with a make-up credit to use with the new teacher.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        '<p>Clara Schumann is leaving Cedar Heights Music Academy.</p>',
        "<p>Ada Lovelace's new piano teacher is <strong>Glenn Gould</strong>. You can book lessons with them from the parent portal.</p>",
        '<p>These lessons are still booked with Clara Schumann:</p>',
        '<ul>',
        '<li><strong>Monday, April 5, 2027 at 4:00 PM ADT</strong></li>',
        '<li><strong>Monday, April 12, 2027 at 4:00 PM ADT</strong></li>',
        '</ul>',
        '<p>They go ahead as booked unless the office writes to cancel them; a cancelled lesson comes with a make-up credit to use with the new teacher.</p>',
      ),
    },
  },
  'teacher-leaving, the student waits for a teacher': {
    template: 'teacher-leaving',
    data: { studentName: 'Lily Chen', teacherName: 'Clara Schumann', instrument: 'violin' },
    expected: {
      subject: "Lily Chen's violin teacher Clara Schumann is leaving",
      text: `Hello,

Clara Schumann is leaving Cedar Heights Music Academy.
No other violin teacher has room right now, so Lily Chen is on our waiting list for the next violin teacher with room. The new teacher will show in the parent portal once assigned; there is nothing you need to do.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        '<p>Clara Schumann is leaving Cedar Heights Music Academy.</p>',
        '<p>No other violin teacher has room right now, so Lily Chen is on our waiting list for the next violin teacher with room. The new teacher will show in the parent portal once assigned; there is nothing you need to do.</p>',
      ),
    },
  },
};

import { renderEmail, RenderedEmail, TEMPLATE_NAMES } from '../../src/notifications/templates/templates';
import { HALIFAX, html, lesson, SIGNATURE } from './support';
import { listCases } from './lesson-list-emails';

/**
 * Snapshot-style: the whole rendered output of every template with realistic data, written out,
 * so any change to what a family or teacher reads shows up in review.
 */
const cases: Record<string, { data: Record<string, unknown>; expected: RenderedEmail }> = {
  'lesson-reminder': {
    data: { ...lesson, durationMinutes: 30 },
    expected: {
      subject: "Reminder: Ada Lovelace's piano lesson on Monday, November 2, 2026 at 4:00 PM AST",
      text: `Hello,

A reminder that Ada Lovelace's piano lesson with Clara Schumann is on Monday, November 2, 2026 at 4:00 PM AST (30 minutes).

Please arrive five minutes early. It is now too late to move the lesson; if Ada Lovelace cannot come, let us know so the teacher is not kept waiting.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>A reminder that Ada Lovelace's piano lesson with Clara Schumann is on <strong>Monday, November 2, 2026 at 4:00 PM AST</strong> (30 minutes).</p>",
        '<p>Please arrive five minutes early. It is now too late to move the lesson; if Ada Lovelace cannot come, let us know so the teacher is not kept waiting.</p>',
      ),
    },
  },
  'teacher-welcome': {
    data: {
      teacherName: 'Glenn Gould',
      loginEmail: 'glenn@cedarheights.test',
      setPasswordUrl: 'https://academy.example/set-password?token=Zm9v',
    },
    expected: {
      subject: 'Welcome to Cedar Heights, Glenn Gould',
      text: `Dear Glenn Gould,

Welcome to the teachers of Cedar Heights Music Academy! Your account is glenn@cedarheights.test:
with it you see your students and your calendar, and mark lessons completed.

Choose your password here (the link works once, for 7 days): https://academy.example/set-password?token=Zm9v

${SIGNATURE}`,
      html: html(
        '<p>Dear Glenn Gould,</p>',
        '<p>Welcome to the teachers of Cedar Heights Music Academy! Your account is glenn@cedarheights.test:\nwith it you see your students and your calendar, and mark lessons completed.</p>',
        '<p><a href="https://academy.example/set-password?token&#x3D;Zm9v">Choose your password</a> (the link works once, for 7 days).</p>',
      ),
    },
  },
  'password-reset': {
    data: { name: 'Mei Chen', resetUrl: 'https://academy.example/set-password?token=YmFy' },
    expected: {
      subject: 'Reset your Cedar Heights password',
      text: `Dear Mei Chen,

Someone (we hope you) asked to reset the password of your Cedar Heights account.
Choose a new password here (the link works once, for one hour): https://academy.example/set-password?token=YmFy

If you did not ask for this, ignore this email: your password stays as it is.

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p>Someone (we hope you) asked to reset the password of your Cedar Heights account.</p>',
        '<p><a href="https://academy.example/set-password?token&#x3D;YmFy">Choose a new password</a> (the link works once, for one hour).</p>',
        '<p>If you did not ask for this, ignore this email: your password stays as it is.</p>',
      ),
    },
  },
  'waitlist-resumed': {
    data: { parentName: 'Mei Chen', studentName: 'Lily Chen', instrument: 'violin' },
    expected: {
      subject: 'Good news: a violin teacher has room for Lily Chen',
      text: `Dear Mei Chen,

Lily Chen was on our waiting list for violin lessons. A teacher now has room, so we have picked the enrollment back up.

We are assigning the teacher and booking a first (demo) lesson. You will receive a welcome email with the details shortly; there is nothing you need to do.

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p><strong>Lily Chen</strong> was on our waiting list for violin lessons. A teacher now has room, so we have picked the enrollment back up.</p>',
        '<p>We are assigning the teacher and booking a first (demo) lesson. You will receive a welcome email with the details shortly; there is nothing you need to do.</p>',
      ),
    },
  },
  'family-confirmation': {
    data: {
      parentName: 'Mei Chen',
      studentFirstName: 'Max',
      instrument: 'violin',
      confirmUrl: 'https://academy.example/enrollments/confirm?enrollment=e-1&token=abc',
      expiresAt: '2026-10-28T12:00:00Z',
    },
    expected: {
      subject: 'Please confirm: enroll Max in violin lessons?',
      text: `Dear Mei Chen,

Someone asked to enroll Max in violin lessons at Cedar Heights Music Academy using your email address, which already has a family account with us.

Nothing has changed for your family. If this was you or someone in your family, confirm it here, and we will add Max to your family, book a first lesson and add the card given with the request beside the one you have on file (your saved card stays the one we charge):
https://academy.example/enrollments/confirm?enrollment=e-1&token=abc

If it was not you, open the same link and choose "This wasn't us", or simply ignore this email: the request expires on Wednesday, October 28, 2026 at 9:00 AM ADT.

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p>Someone asked to enroll <strong>Max</strong> in violin lessons at Cedar Heights Music Academy using your email address, which already has a family account with us.</p>',
        '<p>Nothing has changed for your family. If this was you or someone in your family, confirm it, and we will add Max to your family, book a first lesson and add the card given with the request beside the one you have on file (your saved card stays the one we charge).</p>',
        '<p><a href="https://academy.example/enrollments/confirm?enrollment&#x3D;e-1&amp;token&#x3D;abc">Review and confirm the enrollment</a></p>',
        '<p>If it was not you, open the same link and choose "This wasn\'t us", or simply ignore this email: the request expires on Wednesday, October 28, 2026 at 9:00 AM ADT.</p>',
      ),
    },
  },
  'teacher-lesson-change': {
    data: {
      teacherName: 'Clara Schumann',
      studentName: 'Ada Lovelace',
      instrument: 'piano',
      startsAt: '2026-11-02T20:00:00Z',
      moved: true,
      previousStartsAt: '2026-10-26T18:00:00Z',
    },
    expected: {
      subject: 'Lesson moved: Ada Lovelace, Monday, November 2, 2026 at 4:00 PM AST',
      text: `Dear Clara Schumann,

Ada Lovelace's piano lesson on Monday, October 26, 2026 at 3:00 PM ADT has moved to Monday, November 2, 2026 at 4:00 PM AST.

Your calendar in the academy's system shows every lesson as it now stands.

${SIGNATURE}`,
      html: html(
        '<p>Dear Clara Schumann,</p>',
        "<p>Ada Lovelace's piano lesson on Monday, October 26, 2026 at 3:00 PM ADT has moved to <strong>Monday, November 2, 2026 at 4:00 PM AST</strong>.</p>",
        "<p>Your calendar in the academy's system shows every lesson as it now stands.</p>",
      ),
    },
  },
  'enrollment-rejected': {
    data: {
      parentName: 'Mei Chen',
      studentName: 'Lily Chen',
      instrument: 'piano',
      reason: 'the student must be 5 to 18 years old (is 4)',
    },
    expected: {
      subject: 'We could not enroll Lily Chen in piano lessons',
      text: `Dear Mei Chen,

Thank you for your interest in Cedar Heights Music Academy. We could not enroll Lily Chen in piano lessons: the student must be 5 to 18 years old (is 4).

Nothing was charged and no account was created. If a detail on the form was wrong, you are welcome to send the enrollment form again; for anything else, reply to this email.

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p>Thank you for your interest in Cedar Heights Music Academy. We could not enroll <strong>Lily Chen</strong> in piano lessons: the student must be 5 to 18 years old (is 4).</p>',
        '<p>Nothing was charged and no account was created. If a detail on the form was wrong, you are welcome to send the enrollment form again; for anything else, reply to this email.</p>',
      ),
    },
  },
  'enrollment-waitlisted': {
    data: {
      parentName: 'Mei Chen',
      studentName: 'Lily Chen',
      instrument: 'violin',
      reason: 'no violin teacher has room for a new student',
    },
    expected: {
      subject: 'Lily Chen is on our waiting list for violin',
      text: `Dear Mei Chen,

Thank you for enrolling Lily Chen. Right now no violin teacher has room for a new student, so Lily Chen is on our waiting list for violin lessons, in the order the forms arrived.

There is nothing you need to do: as soon as a teacher has room we pick the enrollment back up, book a first lesson and email you. Nothing is charged while you wait.

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p>Thank you for enrolling <strong>Lily Chen</strong>. Right now no violin teacher has room for a new student, so Lily Chen is on our waiting list for violin lessons, in the order the forms arrived.</p>',
        '<p>There is nothing you need to do: as soon as a teacher has room we pick the enrollment back up, book a first lesson and email you. Nothing is charged while you wait.</p>',
      ),
    },
  },
  'parent-welcome': {
    data: {
      parentName: 'Mei Chen',
      studentName: 'Lily Chen',
      instrument: 'piano',
      teacherName: 'Clara Schumann',
      loginEmail: 'mei@example.com',
      demoStartsAt: '2026-10-26T18:00:00Z',
      setPasswordUrl: 'https://academy.example/set-password?token=abc',
    },
    expected: {
      subject: 'Welcome to Cedar Heights, Lily Chen!',
      text: `Dear Mei Chen,

Welcome to Cedar Heights Music Academy! Lily Chen is enrolled in piano lessons with Clara Schumann.

The first (demo) lesson is booked for Monday, October 26, 2026 at 3:00 PM ADT.

Your parent portal account is mei@example.com.
Choose your password here (the link works once, for 7 days): https://academy.example/set-password?token=abc

${SIGNATURE}`,
      html: html(
        '<p>Dear Mei Chen,</p>',
        '<p>Welcome to Cedar Heights Music Academy! <strong>Lily Chen</strong> is enrolled in piano lessons with Clara Schumann.</p>',
        '<p>The first (demo) lesson is booked for <strong>Monday, October 26, 2026 at 3:00 PM ADT</strong>.</p>',
        '<p>Your parent portal account is mei@example.com.</p>',
        '<p><a href="https://academy.example/set-password?token&#x3D;abc">Choose your password</a> (the link works once, for 7 days).</p>',
      ),
    },
  },
  'teacher-new-student': {
    data: { teacherName: 'Clara Schumann', studentName: 'Lily Chen', instrument: 'piano', studentAge: '10' },
    expected: {
      subject: 'New student: Lily Chen (piano)',
      text: `Hello Clara Schumann,

Lily Chen (10 years old) has enrolled for piano lessons with you.
No demo lesson could be booked yet: the office will arrange one.

${SIGNATURE}`,
      html: html(
        '<p>Hello Clara Schumann,</p>',
        '<p><strong>Lily Chen</strong> (10 years old) has enrolled for piano lessons with you.</p>',
        '<p>No demo lesson could be booked yet: the office will arrange one.</p>',
      ),
    },
  },
  'lesson-scheduled': {
    data: lesson,
    expected: {
      subject: 'Lesson booked: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
      text: `Hello,

Ada Lovelace's piano lesson with Clara Schumann is booked for Monday, November 2, 2026 at 4:00 PM AST.

Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>Ada Lovelace's piano lesson with Clara Schumann is booked for <strong>Monday, November 2, 2026 at 4:00 PM AST</strong>.</p>",
        '<p>Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.</p>',
      ),
    },
  },
  'lesson-rescheduled': {
    data: { ...lesson, previousStartsAt: '2026-10-30T19:30:00Z' },
    expected: {
      subject: 'Lesson moved: Ada Lovelace with Clara Schumann, now Monday, November 2, 2026 at 4:00 PM AST',
      text: `Hello,

Ada Lovelace's piano lesson with Clara Schumann has moved.

Was: Friday, October 30, 2026 at 4:30 PM ADT
Now: Monday, November 2, 2026 at 4:00 PM AST

If the new time does not work, let us know at least 24 hours ahead.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>Ada Lovelace's piano lesson with Clara Schumann has moved.</p>",
        '<p>Was: <s>Friday, October 30, 2026 at 4:30 PM ADT</s><br>Now: <strong>Monday, November 2, 2026 at 4:00 PM AST</strong></p>',
        '<p>If the new time does not work, let us know at least 24 hours ahead.</p>',
      ),
    },
  },
  'lesson-cancelled': {
    data: { ...lesson, makeupCredit: true, reason: 'Ms. Schumann is ill', creditExpiresAt: '2027-01-29T17:00:00Z' },
    expected: {
      subject: 'Lesson cancelled: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
      text: `Hello,

Ada Lovelace's piano lesson with Clara Schumann on Monday, November 2, 2026 at 4:00 PM AST has been cancelled.
Reason: Ms. Schumann is ill

A make-up credit has been added to your account: book the make-up lesson (up to the length of this one) from the parent portal before Friday, January 29, 2027 at 1:00 PM AST, when the credit expires.

${SIGNATURE}`,
      html: html(
        '<p>Hello,</p>',
        "<p>Ada Lovelace's piano lesson with Clara Schumann on <strong>Monday, November 2, 2026 at 4:00 PM AST</strong> has been cancelled.</p>",
        '<p>Reason: Ms. Schumann is ill</p>',
        '<p>A make-up credit has been added to your account: book the make-up lesson (up to the length of this one) from the parent portal before Friday, January 29, 2027 at 1:00 PM AST, when the credit expires.</p>',
      ),
    },
  },
};

describe('every email, rendered in full', () => {
  /** rendered in full, with the money formatting, in payment-templates.test.ts */
  const paymentTemplates = [
    'payment-receipt',
    'payment-failed',
    'payment-final-failure',
    'payment-due',
    'refund-issued',
  ];
  const listTemplates = [...new Set(Object.values(listCases).map((c) => c.template))].filter((t) => !(t in cases));
  it('covers every template', () =>
    expect([...Object.keys(cases), ...listTemplates, ...paymentTemplates].sort()).toEqual([...TEMPLATE_NAMES].sort()));

  it.each(Object.keys(cases))('%s', (name) => {
    const { data, expected } = cases[name];
    expect(renderEmail(name as never, data, HALIFAX)).toEqual(expected);
  });

  it.each(Object.keys(listCases))('%s', (name) => {
    const { template, data, expected } = listCases[name];
    expect(renderEmail(template as never, data, HALIFAX)).toEqual(expected);
  });

  it('a list of lessons refuses an entry without a proper instant', () => {
    expect(() =>
      renderEmail(
        'lesson-scheduled',
        { ...lesson, lessons: [{ startsAt: '2027-02-22 16:00' }], lessonCount: 1 },
        HALIFAX,
      ),
    ).toThrow(/lessons \[0\]\.startsAt must be an ISO-8601/);
    expect(() =>
      renderEmail(
        'lessons-cancelled',
        { ...lesson, lessons: [], lessonCount: 0, creditCount: 0, firstStartsAt: lesson.startsAt },
        HALIFAX,
      ),
    ).toThrow(/lessons must be a non-empty list/);
  });

  it('the reminder refuses a duration that is not a whole number', () => {
    expect(() => renderEmail('lesson-reminder', { ...lesson, durationMinutes: '30' }, HALIFAX)).toThrow(
      /durationMinutes must be a whole number/,
    );
  });
});

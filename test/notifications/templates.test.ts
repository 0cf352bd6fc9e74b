import { DateTime } from 'luxon';
import { DomainError } from '../../src/shared/domain-error';
import { formatAcademyTime, renderEmail, TEMPLATE_NAMES } from '../../src/notifications/templates/templates';
import { lesson } from './support';

const HALIFAX = 'America/Halifax';

/**
 * The same instant written by Intl straight from the runtime's own time-zone data, for zones whose
 * rules may still change (British Columbia left PST for permanent daylight time in 2026: older
 * tz data says 12:00 PM PST where newer says 1:00 PM PDT).
 */
function byRuntimeTzData(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.weekday}, ${p.month} ${p.day}, ${p.year} at ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

describe('email templates', () => {
  it('formats instants in the academy zone, across a DST change', () => {
    expect(formatAcademyTime('2026-11-02T20:00:00Z', HALIFAX)).toBe('Monday, November 2, 2026 at 4:00 PM AST');
    expect(formatAcademyTime(new Date('2026-10-30T19:30:00Z'), HALIFAX)).toBe(
      'Friday, October 30, 2026 at 4:30 PM ADT',
    );
  });

  it('formats instants in whatever zone it is given', () => {
    expect(formatAcademyTime('2026-11-02T20:00:00Z', 'UTC')).toBe('Monday, November 2, 2026 at 8:00 PM UTC');
    expect(byRuntimeTzData('2026-11-02T20:00:00Z', HALIFAX)).toBe('Monday, November 2, 2026 at 4:00 PM AST');
    expect(formatAcademyTime('2026-11-02T20:00:00Z', 'America/Vancouver')).toBe(
      byRuntimeTzData('2026-11-02T20:00:00Z', 'America/Vancouver'),
    );
    expect(formatAcademyTime('2026-07-02T20:00:00Z', 'America/Vancouver')).toBe(
      'Thursday, July 2, 2026 at 1:00 PM PDT',
    );
  });

  it('formats as luxon does, every few hours of a year, in zones with and without their own abbreviations', () => {
    const zones = [
      HALIFAX,
      'America/Vancouver',
      'America/St_Johns',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'UTC',
    ];
    for (const zone of zones) {
      for (
        let t = Date.parse('2026-01-01T00:00:00Z');
        t < Date.parse('2027-01-01T00:00:00Z');
        t += 7 * 3_600_000 + 13 * 60_000
      ) {
        const iso = new Date(t).toISOString();
        const expected = DateTime.fromISO(iso)
          .setZone(zone)
          .setLocale('en-US')
          .toFormat("cccc, LLLL d, yyyy 'at' h:mm a ZZZZ");
        expect(`${zone} ${formatAcademyTime(iso, zone)}`).toBe(`${zone} ${expected}`);
        expect(formatAcademyTime(new Date(t), zone)).toBe(expected);
      }
    }
    // an instant written with another offset is the same instant
    expect(formatAcademyTime('2026-11-02T16:00:00-04:00', 'UTC')).toBe('Monday, November 2, 2026 at 8:00 PM UTC');
  });

  it('renders lesson-scheduled: subject, text and html', () => {
    const r = renderEmail('lesson-scheduled', lesson, HALIFAX);
    expect(r.subject).toBe('Lesson booked: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST');
    expect(r.text).toBe(`Hello,

Ada Lovelace's piano lesson with Clara Schumann is booked for Monday, November 2, 2026 at 4:00 PM AST.

Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(r.html).toContain('is booked for <strong>Monday, November 2, 2026 at 4:00 PM AST</strong>');
    expect(r.html).toMatch(/^<!doctype html>/);
  });

  it('renders lesson-rescheduled with both times', () => {
    const r = renderEmail('lesson-rescheduled', { ...lesson, previousStartsAt: '2026-10-30T16:30:00-03:00' }, HALIFAX);
    expect(r.subject).toBe(
      'Lesson moved: Ada Lovelace with Clara Schumann, now Monday, November 2, 2026 at 4:00 PM AST',
    );
    expect(r.text).toContain(
      'Was: Friday, October 30, 2026 at 4:30 PM ADT\nNow: Monday, November 2, 2026 at 4:00 PM AST\n',
    );
  });

  it('renders lesson-cancelled with and without a make-up credit and a reason', () => {
    const withCredit = renderEmail(
      'lesson-cancelled',
      { ...lesson, makeupCredit: true, reason: 'Ms. Schumann is ill' },
      HALIFAX,
    );
    expect(withCredit.subject).toBe(
      'Lesson cancelled: Ada Lovelace with Clara Schumann, Monday, November 2, 2026 at 4:00 PM AST',
    );
    expect(withCredit.text).toContain(
      'on Monday, November 2, 2026 at 4:00 PM AST has been cancelled.\nReason: Ms. Schumann is ill\n',
    );
    expect(withCredit.text).toContain('A make-up credit has been added to your account');
    expect(withCredit.html).toContain('<p>Reason: Ms. Schumann is ill</p>');

    const without = renderEmail('lesson-cancelled', { ...lesson, makeupCredit: false }, HALIFAX);
    expect(without.text).not.toContain('Reason:');
    expect(without.text).toContain('This cancellation does not come with a make-up credit.');
    expect(without.html).not.toContain('make-up credit has been added');
  });

  it('escapes data in html but not in text or subject', () => {
    const r = renderEmail('lesson-scheduled', { ...lesson, studentName: 'Tom <b>"O\'Neil"</b>' }, HALIFAX);
    expect(r.html).toContain('Tom &lt;b&gt;&quot;O&#x27;Neil&quot;&lt;/b&gt;');
    expect(r.html).not.toContain('<b>');
    expect(r.text).toContain('Tom <b>"O\'Neil"</b>\'s piano lesson');
  });

  it('keeps the subject on one line whatever the data holds', () => {
    const r = renderEmail('lesson-scheduled', { ...lesson, studentName: 'Ada\r\nBcc: someone@example.com' }, HALIFAX);
    expect(r.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses missing or malformed data with a typed invalid error naming each field', () => {
    let error: unknown;
    try {
      renderEmail(
        'lesson-cancelled',
        { studentName: 'Ada', teacherName: '', startsAt: '2026-11-02T20:00:00', makeupCredit: 'yes' },
        HALIFAX,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'EMAIL_TEMPLATE_DATA_INVALID',
      details: {
        problems: [
          'teacherName must be a non-empty string',
          'instrument is required',
          'startsAt must be an ISO-8601 date-time with an offset, e.g. 2026-11-02T20:00:00Z',
          'makeupCredit must be true or false',
        ],
      },
    });
    expect(() => renderEmail('no-such-template' as never, lesson, HALIFAX)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'UNKNOWN_EMAIL_TEMPLATE' }),
    );
  });

  it('every template renders with its declared fields (no field the template names is undeclared)', () => {
    const sample = {
      ...lesson,
      previousStartsAt: '2026-10-30T19:30:00Z',
      makeupCredit: true,
      reason: 'weather',
      parentName: 'Mei Chen',
      loginEmail: 'mei@example.com',
      studentAge: '10',
      durationMinutes: 45,
      name: 'Mei Chen',
      setPasswordUrl: 'https://academy.example/set-password?token=abc',
      studentFirstName: 'Lily',
      refundedAt: '2026-11-03T14:30:00Z',
      fullyRefunded: false,
      confirmUrl: 'https://academy.example/enrollments/confirm?enrollment=e&token=t',
      resetUrl: 'https://academy.example/set-password?token=def',
      expiresAt: '2026-11-09T15:30:00Z',
      amount: '$45.00 CAD',
      description: 'November lessons',
      paidAt: '2026-11-02T20:00:00Z',
      receiptNumber: 'r-1',
      nextAttemptAt: '2026-11-04T20:00:00Z',
      attempts: '5',
      period: 'November 2026',
      details: '4 lessons',
      chargeAt: '2026-10-25T12:00:00Z',
      lessons: [{ startsAt: '2026-11-02T20:00:00Z', studentName: 'Lily Chen', makeupCredit: true }],
      lessonCount: 1,
      firstStartsAt: '2026-11-02T20:00:00Z',
      creditCount: 1,
      newTeacherName: 'Glenn Gould',
    };
    for (const name of TEMPLATE_NAMES) expect(() => renderEmail(name, sample, HALIFAX)).not.toThrow();
  });

  it('renders the parent welcome with the demo time in academy time and the set-password link', () => {
    const mail = renderEmail(
      'parent-welcome',
      {
        parentName: 'Mei Chen',
        studentName: 'Lily Chen',
        instrument: 'piano',
        teacherName: 'Clara Schumann',
        loginEmail: 'mei@example.com',
        demoStartsAt: '2026-11-02T20:00:00Z',
        setPasswordUrl: 'https://academy.example/set-password?token=abc',
      },
      HALIFAX,
    );
    expect(mail.subject).toBe('Welcome to Cedar Heights, Lily Chen!');
    expect(mail.text).toContain('Lily Chen is enrolled in piano lessons with Clara Schumann.');
    expect(mail.text).toContain('The first (demo) lesson is booked for Monday, November 2, 2026 at 4:00 PM AST.');
    expect(mail.text).toContain(
      'Choose your password here (the link works once, for 7 days): https://academy.example/set-password?token=abc',
    );
    expect(mail.html).toContain('<a href="https://academy.example/set-password?token&#x3D;abc">'); // escaped, as HTML allows
  });

  it('renders the welcome of a returning family and of an enrollment without a demo', () => {
    const mail = renderEmail(
      'parent-welcome',
      {
        parentName: 'Mei',
        studentName: 'Max',
        instrument: 'drums',
        teacherName: 'Max Roach',
        loginEmail: 'mei@example.com',
      },
      HALIFAX,
    );
    expect(mail.text).toContain('We will contact you shortly to book the first (demo) lesson.');
    expect(mail.text).toContain('Sign in with the password you already use with us.');
    expect(mail.text).not.toContain('set-password');
  });

  it("renders the teacher's new-student notice", () => {
    const mail = renderEmail(
      'teacher-new-student',
      {
        teacherName: 'Clara Schumann',
        studentName: 'Lily Chen',
        instrument: 'piano',
        studentAge: '10',
        demoStartsAt: '2026-10-26T18:00:00Z',
      },
      HALIFAX,
    );
    expect(mail.subject).toBe('New student: Lily Chen (piano)');
    expect(mail.text).toContain('Lily Chen (10 years old) has enrolled for piano lessons with you.');
    expect(mail.text).toContain('The demo lesson is on Monday, October 26, 2026 at 3:00 PM ADT.');
  });
});

import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { invalid } from '../../shared/domain-error';
import { enrollmentRejected, enrollmentWaitlisted } from './enrollment-not-started.template';
import { familyConfirmation } from './family-confirmation.template';
import { lessonCancelled } from './lesson-cancelled.template';
import { lessonsCancelled } from './lessons-cancelled.template';
import { lessonReminder } from './lesson-reminder.template';
import { lessonRescheduled } from './lesson-rescheduled.template';
import { lessonScheduled } from './lesson-scheduled.template';
import { parentWelcome } from './parent-welcome.template';
import { passwordReset } from './password-reset.template';
import { paymentDue } from './payment-due.template';
import { paymentFailed } from './payment-failed.template';
import { paymentFinalFailure } from './payment-final-failure.template';
import { paymentReceipt } from './payment-receipt.template';
import { refundIssued } from './refund-issued.template';
import { teacherLessonChange } from './teacher-lesson-change.template';
import { teacherLeaving } from './teacher-leaving.template';
import { teacherLessonsCancelled } from './teacher-lessons-cancelled.template';
import { teacherNewStudent } from './teacher-new-student.template';
import { teacherWelcome } from './teacher-welcome.template';
import { FieldKind, LessonListEntry, TemplateDefinition } from './template';
import { waitlistResumed } from './waitlist-resumed.template';

export const TEMPLATES = {
  'lesson-scheduled': lessonScheduled,
  'lesson-rescheduled': lessonRescheduled,
  'lesson-cancelled': lessonCancelled,
  'lessons-cancelled': lessonsCancelled,
  'parent-welcome': parentWelcome,
  'family-confirmation': familyConfirmation,
  'enrollment-rejected': enrollmentRejected,
  'enrollment-waitlisted': enrollmentWaitlisted,
  'teacher-new-student': teacherNewStudent,
  'teacher-lesson-change': teacherLessonChange,
  'teacher-lessons-cancelled': teacherLessonsCancelled,
  'teacher-leaving': teacherLeaving,
  'lesson-reminder': lessonReminder,
  'password-reset': passwordReset,
  'teacher-welcome': teacherWelcome,
  'waitlist-resumed': waitlistResumed,
  'payment-receipt': paymentReceipt,
  'refund-issued': refundIssued,
  'payment-failed': paymentFailed,
  'payment-final-failure': paymentFinalFailure,
  'payment-due': paymentDue,
} satisfies Record<string, TemplateDefinition>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** One formatter per zone: building one reads the zone's rules, formatting with it does not. */
const academyFormats = new Map<string, Intl.DateTimeFormat>();

function academyFormat(zone: string): Intl.DateTimeFormat {
  let format = academyFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZoneName: 'short',
    });
    academyFormats.set(zone, format);
  }
  return format;
}

/** "Monday, November 2, 2026 at 4:00 PM AST" in the academy's zone. */
export function formatAcademyTime(at: Date | string, zone: string): string {
  const instant = typeof at === 'string' ? DateTime.fromISO(at, { zone: 'utc' }).toJSDate() : at;
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of academyFormat(zone).formatToParts(instant)) p[part.type] = part.value;
  return `${p.weekday}, ${p.month} ${p.day}, ${p.year} at ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

// Instants without an offset would silently be read in the server's zone.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const instantProblem = (value: unknown): string | null => {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return null;
  return typeof value === 'string' && ISO_WITH_OFFSET.test(value) && DateTime.fromISO(value).isValid
    ? null
    : 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-02T20:00:00Z';
};

function lessonsProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list of lessons';
  for (const [i, entry] of value.entries()) {
    const e = entry as Partial<LessonListEntry> | null;
    if (typeof e !== 'object' || e === null) return `[${i}] must be {startsAt, studentName?, makeupCredit?}`;
    const at = instantProblem(e.startsAt);
    if (at) return `[${i}].startsAt ${at}`;
    if (e.studentName !== undefined && (typeof e.studentName !== 'string' || !e.studentName.trim()))
      return `[${i}].studentName must be a non-empty string`;
    if (e.makeupCredit !== undefined && typeof e.makeupCredit !== 'boolean')
      return `[${i}].makeupCredit must be true or false`;
  }
  return null;
}

function problem(kind: FieldKind, value: unknown): string | null {
  switch (kind) {
    case 'lessons':
      return lessonsProblem(value);
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? null : 'must be a non-empty string';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : 'must be a whole number';
    case 'instant':
      return instantProblem(value);
  }
}

// One isolated Handlebars environment, templates compiled once. strict: a field the template
// names but the context lacks is a bug in the template, and must not render as an empty string.
const hbs = Handlebars.create();
type Render = ReturnType<typeof hbs.compile>;
type Compiled = { subject: Render; text: Render; html: Render };
const compiled = new Map<TemplateName, Compiled>();

function compiledOf(name: TemplateName): Compiled {
  let c = compiled.get(name);
  if (!c) {
    const t: TemplateDefinition = TEMPLATES[name];
    c = {
      subject: hbs.compile(t.subject, { strict: true, noEscape: true }),
      text: hbs.compile(t.text, { strict: true, noEscape: true }),
      html: hbs.compile(t.html, { strict: true }),
    };
    compiled.set(name, c);
  }
  return c;
}

/** Renders subject, text and html; throws DomainError 'invalid' naming every missing or malformed field. */
export function renderEmail(name: TemplateName, data: Record<string, unknown>, zone: string): RenderedEmail {
  const template: TemplateDefinition | undefined = Object.prototype.hasOwnProperty.call(TEMPLATES, name)
    ? TEMPLATES[name]
    : undefined;
  if (!template) throw invalid('UNKNOWN_EMAIL_TEMPLATE', `no email template named ${String(name)}`);
  const problems: string[] = [];
  const context: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(template.fields)) {
    const value = data[field];
    if (value === undefined || value === null) {
      if (!spec.optional) problems.push(`${field} is required`);
      context[field] = null;
      continue;
    }
    const p = problem(spec.kind, value);
    if (p) problems.push(`${field} ${p}`);
    else if (spec.kind === 'instant') context[field] = formatAcademyTime(value as Date | string, zone);
    else if (spec.kind === 'lessons') {
      context[field] = (value as LessonListEntry[]).map((e) => ({
        startsAt: formatAcademyTime(e.startsAt, zone),
        studentName: e.studentName ?? null,
        makeupCredit: e.makeupCredit ?? null,
      }));
    } else context[field] = value;
  }
  if (problems.length) {
    throw invalid('EMAIL_TEMPLATE_DATA_INVALID', `template ${name}: ${problems.join('; ')}`, {
      template: name,
      problems,
    });
  }
  const c = compiledOf(name);
  return { subject: c.subject(context).replace(/\s+/g, ' ').trim(), text: c.text(context), html: c.html(context) };
}

import { inHours, RESCHEDULE_NOTICE_MS } from '../../lessons/notice-periods';
import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A lesson moves only with this much notice (the lesson decider's rule). */
const NOTICE_HOURS = inHours(RESCHEDULE_NOTICE_MS);

/** The family's confirmation of a booking: one lesson, or a series with every date listed. */
export const lessonScheduled: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    startsAt: { kind: 'instant' },
    /** a series: every lesson of it, the first one first */
    lessons: { kind: 'lessons', optional: true },
    lessonCount: { kind: 'number', optional: true },
  },
  subject:
    '{{#if lessons}}Lessons booked: {{studentName}} with {{teacherName}}, {{lessonCount}} lessons from {{startsAt}}' +
    '{{else}}Lesson booked: {{studentName}} with {{teacherName}}, {{startsAt}}{{/if}}',
  text: `Hello,

{{#if lessons}}
{{studentName}}'s {{instrument}} lessons with {{teacherName}} are booked for these {{lessonCount}} dates:
{{#each lessons}}
  - {{startsAt}}
{{/each}}
{{else}}
{{studentName}}'s {{instrument}} lesson with {{teacherName}} is booked for {{startsAt}}.
{{/if}}

Please arrive five minutes early. If the time no longer works, let us know at least ${NOTICE_HOURS} hours ahead.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
{{#if lessons}}
<p>{{studentName}}'s {{instrument}} lessons with {{teacherName}} are booked for these {{lessonCount}} dates:</p>
<ul>
{{#each lessons}}
<li><strong>{{startsAt}}</strong></li>
{{/each}}
</ul>
{{else}}
<p>{{studentName}}'s {{instrument}} lesson with {{teacherName}} is booked for <strong>{{startsAt}}</strong>.</p>
{{/if}}
<p>Please arrive five minutes early. If the time no longer works, let us know at least ${NOTICE_HOURS} hours ahead.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

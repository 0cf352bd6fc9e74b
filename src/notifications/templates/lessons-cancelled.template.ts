import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/**
 * The family's one notice of several lessons cancelled together (a series, or the rest of it, or
 * lessons outside a teacher's new hours): every date, and which of them earned a make-up credit.
 */
export const lessonsCancelled: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    lessons: { kind: 'lessons' },
    lessonCount: { kind: 'number' },
    firstStartsAt: { kind: 'instant' },
    /** how many of them earned a make-up credit */
    creditCount: { kind: 'number' },
    reason: { kind: 'string', optional: true },
    creditExpiresAt: { kind: 'instant', optional: true },
  },
  subject: 'Lessons cancelled: {{studentName}} with {{teacherName}}, {{lessonCount}} from {{firstStartsAt}}',
  text: `Hello,

{{studentName}}'s {{instrument}} lessons with {{teacherName}} on these {{lessonCount}} dates have been cancelled:
{{#each lessons}}
  - {{startsAt}}{{#if makeupCredit}} (make-up credit){{/if}}
{{/each}}
{{#if reason}}
Reason: {{reason}}
{{/if}}

{{#if creditCount}}
{{creditCount}} of them come with a make-up credit (marked above), now in your account: \
book each make-up lesson (up to the length of the one cancelled) from the parent portal{{#if creditExpiresAt}} before \
{{creditExpiresAt}}, when the credits expire{{/if}}.
{{else}}
These cancellations do not come with make-up credits.
{{/if}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>{{studentName}}'s {{instrument}} lessons with {{teacherName}} on these {{lessonCount}} dates have been cancelled:</p>
<ul>
{{#each lessons}}
<li><strong>{{startsAt}}</strong>{{#if makeupCredit}} (make-up credit){{/if}}</li>
{{/each}}
</ul>
{{#if reason}}
<p>Reason: {{reason}}</p>
{{/if}}
{{#if creditCount}}
<p>{{creditCount}} of them come with a make-up credit (marked above), now in your account: \
book each make-up lesson (up to the length of the one cancelled) from the parent portal{{#if creditExpiresAt}} before \
{{creditExpiresAt}}, when the credits expire{{/if}}.</p>
{{else}}
<p>These cancellations do not come with make-up credits.</p>
{{/if}}
${SIGNATURE_HTML}
</body></html>
`,
};

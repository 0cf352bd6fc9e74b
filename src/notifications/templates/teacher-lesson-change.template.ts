import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** The teacher's notice of a change to one of their lessons (a booked series: one notice). */
export const teacherLessonChange: TemplateDefinition = {
  fields: {
    teacherName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
    startsAt: { kind: 'instant' },
    booked: { kind: 'boolean', optional: true },
    moved: { kind: 'boolean', optional: true },
    cancelled: { kind: 'boolean', optional: true },
    previousStartsAt: { kind: 'instant', optional: true },
    reason: { kind: 'string', optional: true },
    series: { kind: 'boolean', optional: true },
    /** a booked series: every lesson of it, the first one first */
    lessons: { kind: 'lessons', optional: true },
    lessonCount: { kind: 'number', optional: true },
  },
  subject:
    '{{#if cancelled}}Lesson cancelled{{else if moved}}Lesson moved{{else if lessons}}Lessons booked' +
    '{{else}}Lesson booked{{/if}}: {{studentName}}, {{#if lessons}}{{lessonCount}} lessons from {{/if}}{{startsAt}}',
  text: `Dear {{teacherName}},

{{#if cancelled}}
{{studentName}}'s {{instrument}} lesson on {{startsAt}} is cancelled{{#if reason}} ({{reason}}){{/if}}. \
The time is free again in your calendar.
{{else if moved}}
{{studentName}}'s {{instrument}} lesson on {{previousStartsAt}} has moved to {{startsAt}}.
{{else}}
{{#if lessons}}
A series of {{lessonCount}} {{instrument}} lessons with {{studentName}} is booked:
{{#each lessons}}
  - {{startsAt}}
{{/each}}
{{else if series}}
A series of {{instrument}} lessons with {{studentName}} is booked, starting {{startsAt}}.
{{else}}
A {{instrument}} lesson with {{studentName}} is booked for {{startsAt}}.
{{/if}}
{{/if}}

Your calendar in the academy's system shows every lesson as it now stands.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{teacherName}},</p>
{{#if cancelled}}
<p>{{studentName}}'s {{instrument}} lesson on <strong>{{startsAt}}</strong> is cancelled{{#if reason}} \
({{reason}}){{/if}}. The time is free again in your calendar.</p>
{{else if moved}}
<p>{{studentName}}'s {{instrument}} lesson on {{previousStartsAt}} has moved to <strong>{{startsAt}}</strong>.</p>
{{else}}
{{#if lessons}}
<p>A series of {{lessonCount}} {{instrument}} lessons with {{studentName}} is booked:</p>
<ul>
{{#each lessons}}
<li><strong>{{startsAt}}</strong></li>
{{/each}}
</ul>
{{else if series}}
<p>A series of {{instrument}} lessons with {{studentName}} is booked, starting <strong>{{startsAt}}</strong>.</p>
{{else}}
<p>A {{instrument}} lesson with {{studentName}} is booked for <strong>{{startsAt}}</strong>.</p>
{{/if}}
{{/if}}
<p>Your calendar in the academy's system shows every lesson as it now stands.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

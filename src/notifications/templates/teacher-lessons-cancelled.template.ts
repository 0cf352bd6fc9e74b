import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** The teacher's one notice of several of their lessons cancelled together, each with its student. */
export const teacherLessonsCancelled: TemplateDefinition = {
  fields: {
    teacherName: { kind: 'string' },
    lessons: { kind: 'lessons' },
    lessonCount: { kind: 'number' },
    firstStartsAt: { kind: 'instant' },
    reason: { kind: 'string', optional: true },
  },
  subject: 'Lessons cancelled: {{lessonCount}} from {{firstStartsAt}}',
  text: `Dear {{teacherName}},

These {{lessonCount}} lessons of yours are cancelled{{#if reason}} ({{reason}}){{/if}}:
{{#each lessons}}
  - {{startsAt}}{{#if studentName}}, {{studentName}}{{/if}}
{{/each}}

The times are free again in your calendar. Your calendar in the academy's system shows every lesson as it now stands.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{teacherName}},</p>
<p>These {{lessonCount}} lessons of yours are cancelled{{#if reason}} ({{reason}}){{/if}}:</p>
<ul>
{{#each lessons}}
<li><strong>{{startsAt}}</strong>{{#if studentName}}, {{studentName}}{{/if}}</li>
{{/each}}
</ul>
<p>The times are free again in your calendar. Your calendar in the academy's system shows every lesson as it now \
stands.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

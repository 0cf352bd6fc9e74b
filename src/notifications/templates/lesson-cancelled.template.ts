import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const lessonCancelled: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    startsAt: { kind: 'instant' },
    makeupCredit: { kind: 'boolean' },
    reason: { kind: 'string', optional: true },
    creditExpiresAt: { kind: 'instant', optional: true },
  },
  subject: 'Lesson cancelled: {{studentName}} with {{teacherName}}, {{startsAt}}',
  text: `Hello,

{{studentName}}'s {{instrument}} lesson with {{teacherName}} on {{startsAt}} has been cancelled.
{{#if reason}}
Reason: {{reason}}
{{/if}}

{{#if makeupCredit}}
A make-up credit has been added to your account: book the make-up lesson (up to the length of this one) from the \
parent portal{{#if creditExpiresAt}} before {{creditExpiresAt}}, when the credit expires{{/if}}.
{{else}}
This cancellation does not come with a make-up credit.
{{/if}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>{{studentName}}'s {{instrument}} lesson with {{teacherName}} on <strong>{{startsAt}}</strong> has been cancelled.</p>
{{#if reason}}
<p>Reason: {{reason}}</p>
{{/if}}
{{#if makeupCredit}}
<p>A make-up credit has been added to your account: book the make-up lesson (up to the length of this one) from the \
parent portal{{#if creditExpiresAt}} before {{creditExpiresAt}}, when the credit expires{{/if}}.</p>
{{else}}
<p>This cancellation does not come with a make-up credit.</p>
{{/if}}
${SIGNATURE_HTML}
</body></html>
`,
};

import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** Sent about 24 h before a scheduled lesson, once per lesson. */
export const lessonReminder: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    startsAt: { kind: 'instant' },
    durationMinutes: { kind: 'number' },
  },
  subject: "Reminder: {{studentName}}'s {{instrument}} lesson on {{startsAt}}",
  text: `Hello,

A reminder that {{studentName}}'s {{instrument}} lesson with {{teacherName}} is on {{startsAt}} ({{durationMinutes}} \
minutes).

Please arrive five minutes early. It is now too late to move the lesson; if {{studentName}} cannot come, \
let us know so the teacher is not kept waiting.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>A reminder that {{studentName}}'s {{instrument}} lesson with {{teacherName}} is on <strong>{{startsAt}}</strong> \
({{durationMinutes}} minutes).</p>
<p>Please arrive five minutes early. It is now too late to move the lesson; if {{studentName}} cannot come, \
let us know so the teacher is not kept waiting.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const lessonScheduled: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    startsAt: { kind: 'instant' },
  },
  subject: 'Lesson booked: {{studentName}} with {{teacherName}}, {{startsAt}}',
  text: `Hello,

{{studentName}}'s {{instrument}} lesson with {{teacherName}} is booked for {{startsAt}}.

Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>{{studentName}}'s {{instrument}} lesson with {{teacherName}} is booked for <strong>{{startsAt}}</strong>.</p>
<p>Please arrive five minutes early. If the time no longer works, let us know at least 24 hours ahead.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const teacherNewStudent: TemplateDefinition = {
  fields: {
    teacherName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
    studentAge: { kind: 'string' },
    demoStartsAt: { kind: 'instant', optional: true },
  },
  subject: 'New student: {{studentName}} ({{instrument}})',
  text: `Hello {{teacherName}},

{{studentName}} ({{studentAge}} years old) has enrolled for {{instrument}} lessons with you.
{{#if demoStartsAt}}
The demo lesson is on {{demoStartsAt}}.
{{else}}
No demo lesson could be booked yet: the office will arrange one.
{{/if}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{teacherName}},</p>
<p><strong>{{studentName}}</strong> ({{studentAge}} years old) has enrolled for {{instrument}} lessons with you.</p>
{{#if demoStartsAt}}
<p>The demo lesson is on <strong>{{demoStartsAt}}</strong>.</p>
{{else}}
<p>No demo lesson could be booked yet: the office will arrange one.</p>
{{/if}}
${SIGNATURE_HTML}
</body></html>
`,
};

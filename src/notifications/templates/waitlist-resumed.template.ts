import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A waitlisted enrollment is being processed again: a teacher of the instrument has room. */
export const waitlistResumed: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
  },
  subject: 'Good news: a {{instrument}} teacher has room for {{studentName}}',
  text: `Dear {{parentName}},

{{studentName}} was on our waiting list for {{instrument}} lessons. A teacher now has room, \
so we have picked the enrollment back up.

We are assigning the teacher and booking a first (demo) lesson. You will receive a welcome email with the details \
shortly; there is nothing you need to do.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{parentName}},</p>
<p><strong>{{studentName}}</strong> was on our waiting list for {{instrument}} lessons. A teacher now has room, \
so we have picked the enrollment back up.</p>
<p>We are assigning the teacher and booking a first (demo) lesson. \
You will receive a welcome email with the details shortly; there is nothing you need to do.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

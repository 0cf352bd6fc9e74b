import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** An enrollment that could not go ahead: refused (with the reason), or waiting for a teacher. */
export const enrollmentRejected: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
    reason: { kind: 'string' },
  },
  subject: 'We could not enroll {{studentName}} in {{instrument}} lessons',
  text: `Dear {{parentName}},

Thank you for your interest in Cedar Heights Music Academy. We could not enroll {{studentName}} in {{instrument}} \
lessons: {{reason}}.

Nothing was charged and no account was created. If a detail on the form was wrong, \
you are welcome to send the enrollment form again; for anything else, reply to this email.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{parentName}},</p>
<p>Thank you for your interest in Cedar Heights Music Academy. We could not enroll <strong>{{studentName}}</strong> in \
{{instrument}} lessons: {{reason}}.</p>
<p>Nothing was charged and no account was created. If a detail on the form was wrong, \
you are welcome to send the enrollment form again; for anything else, reply to this email.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

export const enrollmentWaitlisted: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
    reason: { kind: 'string' },
  },
  subject: '{{studentName}} is on our waiting list for {{instrument}}',
  text: `Dear {{parentName}},

Thank you for enrolling {{studentName}}. Right now {{reason}}, so {{studentName}} is on our waiting list for \
{{instrument}} lessons, in the order the forms arrived.

There is nothing you need to do: as soon as a teacher has room we pick the enrollment back up, \
book a first lesson and email you. Nothing is charged while you wait.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{parentName}},</p>
<p>Thank you for enrolling <strong>{{studentName}}</strong>. Right now {{reason}}, \
so {{studentName}} is on our waiting list for {{instrument}} lessons, in the order the forms arrived.</p>
<p>There is nothing you need to do: as soon as a teacher has room we pick the enrollment back up, \
book a first lesson and email you. Nothing is charged while you wait.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

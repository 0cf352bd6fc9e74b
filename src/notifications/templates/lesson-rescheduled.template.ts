import { inHours, RESCHEDULE_NOTICE_MS } from '../../lessons/notice-periods';
import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A lesson moves only with this much notice (the lesson decider's rule). */
const NOTICE_HOURS = inHours(RESCHEDULE_NOTICE_MS);

export const lessonRescheduled: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    previousStartsAt: { kind: 'instant' },
    startsAt: { kind: 'instant' },
  },
  subject: 'Lesson moved: {{studentName}} with {{teacherName}}, now {{startsAt}}',
  text: `Hello,

{{studentName}}'s {{instrument}} lesson with {{teacherName}} has moved.

Was: {{previousStartsAt}}
Now: {{startsAt}}

If the new time does not work, let us know at least ${NOTICE_HOURS} hours ahead.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>{{studentName}}'s {{instrument}} lesson with {{teacherName}} has moved.</p>
<p>Was: <s>{{previousStartsAt}}</s><br>Now: <strong>{{startsAt}}</strong></p>
<p>If the new time does not work, let us know at least ${NOTICE_HOURS} hours ahead.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/**
 * The family's one notice that their child's teacher is leaving: the new teacher when one had
 * room, else the waiting list; and the lessons still booked with the teacher who leaves.
 */
export const teacherLeaving: TemplateDefinition = {
  fields: {
    studentName: { kind: 'string' },
    teacherName: { kind: 'string' },
    instrument: { kind: 'string' },
    newTeacherName: { kind: 'string', optional: true },
    /** lessons still booked with the teacher who leaves */
    lessons: { kind: 'lessons', optional: true },
  },
  subject: "{{studentName}}'s {{instrument}} teacher {{teacherName}} is leaving",
  text: `Hello,

{{teacherName}} is leaving Cedar Heights Music Academy.
{{#if newTeacherName}}
{{studentName}}'s new {{instrument}} teacher is {{newTeacherName}}. \
You can book lessons with them from the parent portal.
{{else}}
No other {{instrument}} teacher has room right now, so {{studentName}} is on our waiting list for the next \
{{instrument}} teacher with room. The new teacher will show in the parent portal once assigned; \
there is nothing you need to do.
{{/if}}
{{#if lessons}}

These lessons are still booked with {{teacherName}}:
{{#each lessons}}
  - {{startsAt}}
{{/each}}
They go ahead as booked unless the office writes to cancel them; a cancelled lesson comes with a make-up credit to use \
with the new teacher.
{{/if}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello,</p>
<p>{{teacherName}} is leaving Cedar Heights Music Academy.</p>
{{#if newTeacherName}}
<p>{{studentName}}'s new {{instrument}} teacher is <strong>{{newTeacherName}}</strong>. \
You can book lessons with them from the parent portal.</p>
{{else}}
<p>No other {{instrument}} teacher has room right now, so {{studentName}} is on our waiting list for the next \
{{instrument}} teacher with room. The new teacher will show in the parent portal once assigned; \
there is nothing you need to do.</p>
{{/if}}
{{#if lessons}}
<p>These lessons are still booked with {{teacherName}}:</p>
<ul>
{{#each lessons}}
<li><strong>{{startsAt}}</strong></li>
{{/each}}
</ul>
<p>They go ahead as booked unless the office writes to cancel them; \
a cancelled lesson comes with a make-up credit to use with the new teacher.</p>
{{/if}}
${SIGNATURE_HTML}
</body></html>
`,
};

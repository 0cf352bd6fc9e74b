import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const teacherWelcome: TemplateDefinition = {
  fields: {
    teacherName: { kind: 'string' },
    loginEmail: { kind: 'string' },
    setPasswordUrl: { kind: 'string' },
  },
  subject: 'Welcome to Cedar Heights, {{teacherName}}',
  text: `Dear {{teacherName}},

Welcome to the teachers of Cedar Heights Music Academy! Your account is {{loginEmail}}:
with it you see your students and your calendar, and mark lessons completed.

Choose your password here (the link works once, for 7 days): {{setPasswordUrl}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{teacherName}},</p>
<p>Welcome to the teachers of Cedar Heights Music Academy! Your account is {{loginEmail}}:
with it you see your students and your calendar, and mark lessons completed.</p>
<p><a href="{{setPasswordUrl}}">Choose your password</a> (the link works once, for 7 days).</p>
${SIGNATURE_HTML}
</body></html>
`,
};

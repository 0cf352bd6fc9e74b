import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const parentWelcome: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    instrument: { kind: 'string' },
    teacherName: { kind: 'string' },
    loginEmail: { kind: 'string' },
    demoStartsAt: { kind: 'instant', optional: true },
    setPasswordUrl: { kind: 'string', optional: true },
    cardProblem: { kind: 'string', optional: true },
  },
  subject: 'Welcome to Cedar Heights, {{studentName}}!',
  text: `Dear {{parentName}},

Welcome to Cedar Heights Music Academy! {{studentName}} is enrolled in {{instrument}} lessons with {{teacherName}}.

{{#if demoStartsAt}}
The first (demo) lesson is booked for {{demoStartsAt}}.
{{else}}
We will contact you shortly to book the first (demo) lesson.
{{/if}}

Your parent portal account is {{loginEmail}}.
{{#if setPasswordUrl}}
Choose your password here (the link works once, for 7 days): {{setPasswordUrl}}
{{else}}
Sign in with the password you already use with us.
{{/if}}
{{#if cardProblem}}

We could not set up the card given with the form: {{cardProblem}}. \
Until a card is on file we cannot charge for lessons; reply to this email or call the front desk to give us another \
card.
{{/if}}

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{parentName}},</p>
<p>Welcome to Cedar Heights Music Academy! <strong>{{studentName}}</strong> is enrolled in {{instrument}} lessons with \
{{teacherName}}.</p>
{{#if demoStartsAt}}
<p>The first (demo) lesson is booked for <strong>{{demoStartsAt}}</strong>.</p>
{{else}}
<p>We will contact you shortly to book the first (demo) lesson.</p>
{{/if}}
<p>Your parent portal account is {{loginEmail}}.</p>
{{#if setPasswordUrl}}
<p><a href="{{setPasswordUrl}}">Choose your password</a> (the link works once, for 7 days).</p>
{{else}}
<p>Sign in with the password you already use with us.</p>
{{/if}}
{{#if cardProblem}}
<p>We could not set up the card given with the form: {{cardProblem}}. \
Until a card is on file we cannot charge for lessons; reply to this email or call the front desk to give us another \
card.</p>
{{/if}}
${SIGNATURE_HTML}
</body></html>
`,
};

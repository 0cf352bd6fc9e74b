import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** Before the monthly billing run: what will be charged, and when. */
export const paymentDue: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    period: { kind: 'string' },
    amount: { kind: 'string' },
    details: { kind: 'string' },
    chargeAt: { kind: 'instant' },
  },
  subject: 'Coming up: {{amount}} for {{period}} lessons',
  text: `Hello {{parentName}},

Your lessons for {{period}}:
{{details}}

Total: {{amount}}, charged to your card on file on {{chargeAt}}.
If your card has changed, reply to this email or call the front desk before then.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{parentName}},</p>
<p>Your lessons for {{period}}:</p>
<pre>{{details}}</pre>
<p>Total: <strong>{{amount}}</strong>, charged to your card on file on <strong>{{chargeAt}}</strong>.
If your card has changed, reply to this email or call the front desk before then.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

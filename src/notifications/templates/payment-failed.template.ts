import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A declined charge that will be tried again: what happened and what happens next. */
export const paymentFailed: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    amount: { kind: 'string' },
    description: { kind: 'string' },
    reason: { kind: 'string' },
    nextAttemptAt: { kind: 'instant' },
  },
  subject: 'Payment declined: {{amount}} for {{studentName}}',
  text: `Hello {{parentName}},

We could not take your payment of {{amount}} for {{description}} ({{studentName}}).
The bank said: {{reason}}

What happens next: we will try the same card again on {{nextAttemptAt}}.
If your card has changed, or to pay another way, reply to this email or call the front desk before then.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{parentName}},</p>
<p>We could not take your payment of <strong>{{amount}}</strong> for {{description}} ({{studentName}}).<br>The bank \
said: {{reason}}</p>
<p>What happens next: we will try the same card again on <strong>{{nextAttemptAt}}</strong>.
If your card has changed, or to pay another way, reply to this email or call the front desk before then.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

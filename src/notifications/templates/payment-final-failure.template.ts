import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** The last attempt failed (or the card cannot be charged at all): no more automatic retries. */
export const paymentFinalFailure: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    amount: { kind: 'string' },
    description: { kind: 'string' },
    reason: { kind: 'string' },
    attempts: { kind: 'string' },
  },
  subject: 'Payment failed: {{amount}} for {{studentName}} is still due',
  text: `Hello {{parentName}},

We tried {{attempts}} time(s) and could not take your payment of {{amount}} for {{description}} ({{studentName}}).
The bank said: {{reason}}

We will not try this card again. The amount is still due: please contact the front desk to update your card or to pay \
another way.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{parentName}},</p>
<p>We tried {{attempts}} time(s) and could not take your payment of <strong>{{amount}}</strong> for {{description}} \
({{studentName}}).<br>The bank said: {{reason}}</p>
<p>We will not try this card again. The amount is still due: please contact the front desk to update your card or to \
pay another way.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

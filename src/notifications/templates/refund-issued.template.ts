import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** Money given back to the family: how much, for what, and when it reaches their card. */
export const refundIssued: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    amount: { kind: 'string' },
    description: { kind: 'string' },
    refundedAt: { kind: 'instant' },
    receiptNumber: { kind: 'string' },
    fullyRefunded: { kind: 'boolean' },
  },
  subject: 'Refund: {{amount}} for {{studentName}}',
  text: `Hello {{parentName}},

We have refunded {{amount}} of your payment for {{description}} ({{studentName}}){{#if fullyRefunded}}: \
the whole payment is now refunded{{/if}}.

Refunded: {{refundedAt}}
Payment receipt number: {{receiptNumber}}

The money goes back to the card the payment was made with; banks usually take 5 to 10 business days to show it.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{parentName}},</p>
<p>We have refunded <strong>{{amount}}</strong> of your payment for {{description}} \
({{studentName}}){{#if fullyRefunded}}: the whole payment is now refunded{{/if}}.</p>
<p>Refunded: {{refundedAt}}<br>Payment receipt number: {{receiptNumber}}</p>
<p>The money goes back to the card the payment was made with; banks usually take 5 to 10 business days to show it.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

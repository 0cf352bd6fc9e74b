import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const paymentReceipt: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentName: { kind: 'string' },
    amount: { kind: 'string' },
    description: { kind: 'string' },
    paidAt: { kind: 'instant' },
    receiptNumber: { kind: 'string' },
  },
  subject: 'Receipt: {{amount}} for {{studentName}}',
  text: `Hello {{parentName}},

Thank you: we received your payment.

Amount: {{amount}}
For: {{description}} ({{studentName}})
Paid: {{paidAt}}
Receipt number: {{receiptNumber}}

Keep this email as your receipt.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Hello {{parentName}},</p>
<p>Thank you: we received your payment.</p>
<table>
<tr><td>Amount</td><td><strong>{{amount}}</strong></td></tr>
<tr><td>For</td><td>{{description}} ({{studentName}})</td></tr>
<tr><td>Paid</td><td>{{paidAt}}</td></tr>
<tr><td>Receipt number</td><td>{{receiptNumber}}</td></tr>
</table>
<p>Keep this email as your receipt.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

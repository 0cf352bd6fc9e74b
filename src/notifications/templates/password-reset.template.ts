import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

export const passwordReset: TemplateDefinition = {
  fields: {
    name: { kind: 'string' },
    resetUrl: { kind: 'string' },
  },
  subject: 'Reset your Cedar Heights password',
  text: `Dear {{name}},

Someone (we hope you) asked to reset the password of your Cedar Heights account.
Choose a new password here (the link works once, for one hour): {{resetUrl}}

If you did not ask for this, ignore this email: your password stays as it is.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{name}},</p>
<p>Someone (we hope you) asked to reset the password of your Cedar Heights account.</p>
<p><a href="{{resetUrl}}">Choose a new password</a> (the link works once, for one hour).</p>
<p>If you did not ask for this, ignore this email: your password stays as it is.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

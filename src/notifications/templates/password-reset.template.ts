import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A password reset that someone asked for with the account's address. */
export const passwordReset: TemplateDefinition = {
  fields: {
    name: { kind: 'string' },
    resetUrl: { kind: 'string' },
    expiresAt: { kind: 'instant' },
  },
  subject: 'Reset your Cedar Heights password',
  text: `Dear {{name}},

Someone asked to reset the password of your Cedar Heights Music Academy account.

Choose a new password here: {{resetUrl}}
The link works once, until {{expiresAt}}.

If you did not ask for this, ignore this email: your password stays as it is.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{name}},</p>
<p>Someone asked to reset the password of your Cedar Heights Music Academy account.</p>
<p><a href="{{resetUrl}}">Choose a new password</a>. The link works once, until {{expiresAt}}.</p>
<p>If you did not ask for this, ignore this email: your password stays as it is.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

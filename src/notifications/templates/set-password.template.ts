import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/** A new account (a teacher's, an admin's, a parent's without a welcome): choose a first password. */
export const setPassword: TemplateDefinition = {
  fields: {
    name: { kind: 'string' },
    loginEmail: { kind: 'string' },
    setPasswordUrl: { kind: 'string' },
    expiresAt: { kind: 'instant' },
  },
  subject: 'Your Cedar Heights account: choose a password',
  text: `Dear {{name}},

An account has been opened for you at Cedar Heights Music Academy. You sign in with {{loginEmail}}.

Choose your password here: {{setPasswordUrl}}
The link works once, until {{expiresAt}}. After that, ask the office for a new one.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{name}},</p>
<p>An account has been opened for you at Cedar Heights Music Academy. You sign in with {{loginEmail}}.</p>
<p><a href="{{setPasswordUrl}}">Choose your password</a>. The link works once, until {{expiresAt}}. After that, ask the office for a new one.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

import { SIGNATURE_HTML, SIGNATURE_TEXT, TemplateDefinition } from './template';

/**
 * An enrollment names an email that already has a family account: the family, at the address
 * on file, decides whether it is theirs. Nothing about the family is shown to the submitter,
 * and nothing the submitter typed beyond the child's first name and instrument is shown here.
 */
export const familyConfirmation: TemplateDefinition = {
  fields: {
    parentName: { kind: 'string' },
    studentFirstName: { kind: 'string' },
    instrument: { kind: 'string' },
    confirmUrl: { kind: 'string' },
    expiresAt: { kind: 'instant' },
  },
  subject: 'Please confirm: enroll {{studentFirstName}} in {{instrument}} lessons?',
  text: `Dear {{parentName}},

Someone asked to enroll {{studentFirstName}} in {{instrument}} lessons at Cedar Heights Music Academy using your email \
address, which already has a family account with us.

Nothing has changed for your family. If this was you or someone in your family, confirm it here, \
and we will add {{studentFirstName}} to your family, book a first lesson and add the card given with the request \
beside the one you have on file (your saved card stays the one we charge):
{{confirmUrl}}

If it was not you, open the same link and choose "This wasn't us", or simply ignore this email: \
the request expires on {{expiresAt}}.

${SIGNATURE_TEXT}
`,
  html: `<!doctype html>
<html><body>
<p>Dear {{parentName}},</p>
<p>Someone asked to enroll <strong>{{studentFirstName}}</strong> in {{instrument}} lessons at Cedar Heights Music \
Academy using your email address, which already has a family account with us.</p>
<p>Nothing has changed for your family. If this was you or someone in your family, confirm it, \
and we will add {{studentFirstName}} to your family, book a first lesson and add the card given with the request \
beside the one you have on file (your saved card stays the one we charge).</p>
<p><a href="{{confirmUrl}}">Review and confirm the enrollment</a></p>
<p>If it was not you, open the same link and choose "This wasn't us", or simply ignore this email: \
the request expires on {{expiresAt}}.</p>
${SIGNATURE_HTML}
</body></html>
`,
};

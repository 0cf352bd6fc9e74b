/** What a template needs: each field's kind, and subject, text and html as Handlebars sources. */
export type FieldKind = 'string' | 'instant' | 'boolean' | 'number' | 'lessons';

/**
 * One entry of a `lessons` field (a list of lessons in one email): `startsAt` is shown in academy
 * time like an `instant`; the student's name and whether it earned a make-up credit when relevant.
 */
export interface LessonListEntry {
  startsAt: string;
  studentName?: string;
  makeupCredit?: boolean;
}

export interface TemplateDefinition {
  /**
   * `instant` fields arrive as ISO-8601 strings with an offset (or Dates) and are shown in academy time;
   * `lessons` fields are non-empty lists of LessonListEntry, each `startsAt` shown the same way
   */
  fields: Record<string, { kind: FieldKind; optional?: boolean }>;
  subject: string;
  text: string;
  html: string;
}

export const SIGNATURE_TEXT = `Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.`;

export const SIGNATURE_HTML = `<p style="color:#555">Cedar Heights Music Academy<br>\
Questions? Reply to this email or call the front desk.</p>`;

import { AppendResult } from '../event-store.port';

/**
 * A subject (a student, an enrollment, a lesson, a payment) tied to its family: the privacy
 * module's record of whose key seals what is said about it (family_subjects; the first tie of a
 * subject stands). The PostgreSQL store writes it in the transaction of the append whose event
 * first names the subject, on the disk with the same flush. An append alone that is refused
 * ties nothing; in a batch (es_append_batch, each append in a savepoint) the ties of an append
 * the batch refuses stay: a tie alone names no event, and the append's retry ties it again.
 */
export interface SubjectTie {
  subjectId: string;
  kind: string;
  familyId: string;
}

/** An append's result and, when it was given ties, those it wrote (not those of subjects found tied already). */
export interface TiedAppendResult extends AppendResult {
  tied?: SubjectTie[];
}

/** The ties of parameters $n (subject ids), $n+1 (kinds), $n+2 (families); each one written returned as its `tie`. */
const tieInsert = (n: number): string =>
  `INSERT INTO family_subjects (subject_id, kind, family_id)
     SELECT s, k, f::uuid FROM unnest($${n}::text[], $${n + 1}::text[], $${n + 2}::text[]) AS x(s, k, f)
     ON CONFLICT (subject_id) DO NOTHING
     RETURNING family_id::text || ' ' || subject_id AS tie`;

/** The ties alone, in a statement of their own (over a store that cannot carry them: EventStoreDB). */
export const TIES_ALONE = tieInsert(1);

/** `select` with the ties of parameters $n, $n+1, $n+2 (see tieInsert) written in its transaction. */
export const tyingSubjects = (select: string, n: number): string =>
  `WITH tied AS (${tieInsert(n)})
   ${select.replace(/^SELECT /, 'SELECT (SELECT array_agg(tie) FROM tied) AS tied, ')}`;

/** The ties as the three parameters of their INSERT (TIES_ALONE, tyingSubjects). */
export const tieValues = (ties: readonly SubjectTie[]): string[][] => [
  ties.map((t) => t.subjectId),
  ties.map((t) => t.kind),
  ties.map((t) => t.familyId),
];

/** Which of `ties` the statement wrote, from the `tie` it returned for each (its family and subject). */
export function tiedOf(ties: readonly SubjectTie[], written: readonly string[] | null): SubjectTie[] {
  const stored = new Set(written ?? []);
  return ties.filter((t) => stored.has(`${t.familyId} ${t.subjectId}`));
}

import { Scope } from '../viewer-scope';
import { LessonRow } from './lesson.entity';

export interface LessonView {
  id: string;
  studentId: string;
  teacherId: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  lessonType: string;
  status: string;
  seriesId: string | null;
  notes: string | null;
  completionNotes: string | null;
  cancelReason: string | null;
  makeupCredit: boolean | null;
}

export const lessonView = (r: LessonRow): LessonView => ({
  id: r.id,
  studentId: r.studentId,
  teacherId: r.teacherId,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  durationMinutes: r.durationMinutes,
  lessonType: r.lessonType,
  status: r.status,
  seriesId: r.seriesId,
  notes: r.notes,
  completionNotes: r.completionNotes,
  cancelReason: r.cancelReason,
  makeupCredit: r.makeupCredit,
});

/** Which lessons a scope sees, as SQL (null: all); the one place lesson reads decide it. */
export function lessonScopeSql(scope: Scope, param: (value: unknown) => string): string | null {
  if ('all' in scope) return null;
  if ('teacherId' in scope) return `teacher_id = ${param(scope.teacherId)}`;
  if ('parentId' in scope) return `student_id IN (SELECT id FROM students WHERE parent_id = ${param(scope.parentId)})`;
  return 'false';
}

/** A lesson's columns, as lessonView reads them. */
export const LIST_COLUMNS = `id, student_id AS "studentId", teacher_id AS "teacherId",
  starts_at AS "startsAt", ends_at AS "endsAt", duration_minutes AS "durationMinutes", lesson_type AS "lessonType",
  status, series_id AS "seriesId", notes, completion_notes AS "completionNotes", cancel_reason AS "cancelReason",
  makeup_credit AS "makeupCredit"`;

import type { Instrument } from '../teachers/teacher.events';
import type { Weekday } from '../teachers/availability';
import type { TimeOfDay } from '../scheduling/academy-time';

export const SKILL_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];

export type StudentEnrolled = {
  type: 'StudentEnrolled';
  data: {
    studentId: string;
    /** the family's parent account */
    parentId: string;
    enrollmentId: string | null;
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    instrument: Instrument;
    skillLevel: SkillLevel;
    lessonRateCents: number;
    lessonDurationMinutes: number;
    preferredLessonDay: Weekday | null;
    preferredLessonTime: TimeOfDay | null;
  };
};
export type TeacherAssigned = {
  type: 'TeacherAssigned';
  /** enrollmentId: the enrollment that assigned the teacher (null for an admin's change) */
  data: { studentId: string; teacherId: string; enrollmentId?: string | null };
};
/** The student's teacher left the academy: the student waits for another teacher (teacherId: the one who left). */
export type TeacherUnassigned = {
  type: 'TeacherUnassigned';
  data: { studentId: string; teacherId: string; reason: string };
};
export type StudentWithdrawn = { type: 'StudentWithdrawn'; data: { studentId: string; reason: string | null } };
export type MakeupCreditGranted = {
  type: 'MakeupCreditGranted';
  /**
   * lessonMinutes: the cancelled lesson's length, the longest makeup lesson the credit covers
   * (absent on credits granted before lengths were recorded: those cover the student's enrolled length)
   */
  data: { studentId: string; creditId: string; lessonId: string; expiresAt: string; lessonMinutes?: number };
};
export type MakeupCreditUsed = {
  type: 'MakeupCreditUsed';
  data: { studentId: string; creditId: string; lessonId: string };
};

/** The credit passed its expiry unused: it can no longer be used. */
export type MakeupCreditExpired = {
  type: 'MakeupCreditExpired';
  data: { studentId: string; creditId: string; lessonId: string; expiresAt: string };
};

export type StudentDetailsChanged = {
  type: 'StudentDetailsChanged';
  data: { studentId: string; skillLevel?: SkillLevel; lessonRateCents?: number };
};

export type StudentEvent =
  | StudentEnrolled
  | TeacherAssigned
  | TeacherUnassigned
  | StudentWithdrawn
  | MakeupCreditGranted
  | MakeupCreditUsed
  | StudentDetailsChanged
  | MakeupCreditExpired;

export const studentStream = (studentId: string) => `student-${studentId}`;

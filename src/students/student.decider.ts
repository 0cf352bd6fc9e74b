import { assertNever, Decider } from '../shared/decider';
import { invalid, notFound, rejected } from '../shared/domain-error';
import { SkillLevel, StudentEnrolled, StudentEvent } from './student.events';

export interface MakeupCredit {
  creditId: string;
  lessonId: string;
  expiresAt: string;
}

export type StudentState =
  | { status: 'none' }
  | {
      status: 'active' | 'withdrawn';
      studentId: string;
      parentId: string;
      instrument: string;
      lessonDurationMinutes: number;
      teacherId: string | null;
      /** unused credits */
      credits: MakeupCredit[];
    };

export type EnrollStudentCommand = { type: 'EnrollStudent' } & StudentEnrolled['data'];
export type AssignTeacherCommand = { type: 'AssignTeacher'; studentId: string; teacherId: string; enrollmentId?: string | null };
export type WithdrawStudentCommand = { type: 'WithdrawStudent'; studentId: string; reason: string | null };
export type GrantMakeupCreditCommand = { type: 'GrantMakeupCredit'; studentId: string; creditId: string; lessonId: string; expiresAt: string };
/** Takes the credit that expires first among those still valid at `at`. */
export type UseMakeupCreditCommand = { type: 'UseMakeupCredit'; studentId: string; lessonId: string; at: string };

/** Records every credit whose expiry is at or before `at` as expired. */
export type ExpireMakeupCreditsCommand = { type: 'ExpireMakeupCredits'; studentId: string; at: string };

export type ChangeStudentDetailsCommand = { type: 'ChangeStudentDetails'; studentId: string; skillLevel?: SkillLevel; lessonRateCents?: number };

export type StudentCommand =
  | ChangeStudentDetailsCommand
  | EnrollStudentCommand
  | AssignTeacherCommand
  | WithdrawStudentCommand
  | GrantMakeupCreditCommand
  | UseMakeupCreditCommand
  | ExpireMakeupCreditsCommand;

export const LESSON_RATE_CENTS = { min: 30_00, max: 200_00 };

function active(s: StudentState, studentId: string) {
  if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${studentId}`);
  if (s.status !== 'active') throw rejected('STUDENT_NOT_ACTIVE', 'the student has withdrawn');
  return s;
}

function decide(c: StudentCommand, s: StudentState): StudentEvent[] {
  switch (c.type) {
    case 'EnrollStudent': {
      if (s.status !== 'none') return [];
      const { type: _type, ...data } = c;
      if (!Number.isInteger(data.lessonRateCents) || data.lessonRateCents < LESSON_RATE_CENTS.min || data.lessonRateCents > LESSON_RATE_CENTS.max) {
        throw invalid('LESSON_RATE_OUT_OF_RANGE', 'lessonRate must be between 30 and 200 CAD');
      }
      return [{ type: 'StudentEnrolled', data }];
    }
    case 'AssignTeacher': {
      const st = active(s, c.studentId);
      if (st.teacherId === c.teacherId) return [];
      return [{ type: 'TeacherAssigned', data: { studentId: c.studentId, teacherId: c.teacherId, enrollmentId: c.enrollmentId ?? null } }];
    }
    case 'ChangeStudentDetails': {
      active(s, c.studentId);
      if (c.lessonRateCents !== undefined && (!Number.isInteger(c.lessonRateCents) || c.lessonRateCents < LESSON_RATE_CENTS.min || c.lessonRateCents > LESSON_RATE_CENTS.max)) {
        throw invalid('LESSON_RATE_OUT_OF_RANGE', 'lessonRate must be between 30 and 200 CAD');
      }
      const data = { studentId: c.studentId, ...(c.skillLevel ? { skillLevel: c.skillLevel } : {}), ...(c.lessonRateCents !== undefined ? { lessonRateCents: c.lessonRateCents } : {}) };
      return Object.keys(data).length > 1 ? [{ type: 'StudentDetailsChanged', data }] : [];
    }
    case 'WithdrawStudent': {
      if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
      if (s.status === 'withdrawn') return [];
      return [{ type: 'StudentWithdrawn', data: { studentId: c.studentId, reason: c.reason } }];
    }
    case 'GrantMakeupCredit': {
      if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
      if (s.credits.some((x) => x.lessonId === c.lessonId)) return [];
      return [{ type: 'MakeupCreditGranted', data: { studentId: c.studentId, creditId: c.creditId, lessonId: c.lessonId, expiresAt: c.expiresAt } }];
    }
    case 'UseMakeupCredit': {
      const st = active(s, c.studentId);
      const valid = st.credits.filter((x) => Date.parse(x.expiresAt) > Date.parse(c.at)).sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
      if (valid.length === 0) throw rejected('NO_MAKEUP_CREDIT', 'the student has no unused makeup credit');
      return [{ type: 'MakeupCreditUsed', data: { studentId: c.studentId, creditId: valid[0].creditId, lessonId: c.lessonId } }];
    }
    case 'ExpireMakeupCredits': {
      if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
      const at = Date.parse(c.at);
      return s.credits
        .filter((x) => Date.parse(x.expiresAt) <= at)
        .map((x) => ({ type: 'MakeupCreditExpired' as const, data: { studentId: c.studentId, creditId: x.creditId, lessonId: x.lessonId, expiresAt: x.expiresAt } }));
    }
    default:
      return assertNever(c);
  }
}

export const studentDecider: Decider<StudentCommand, StudentState, StudentEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'StudentEnrolled':
        return {
          status: 'active',
          studentId: event.data.studentId,
          parentId: event.data.parentId,
          instrument: event.data.instrument,
          lessonDurationMinutes: event.data.lessonDurationMinutes,
          teacherId: null,
          credits: [],
        };
      case 'TeacherAssigned':
        return state.status === 'none' ? state : { ...state, teacherId: event.data.teacherId };
      case 'StudentWithdrawn':
        return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
      case 'MakeupCreditGranted':
        return state.status === 'none' ? state : { ...state, credits: [...state.credits, { ...event.data }] };
      case 'MakeupCreditUsed':
      case 'MakeupCreditExpired':
        return state.status === 'none' ? state : { ...state, credits: state.credits.filter((x) => x.creditId !== event.data.creditId) };
      case 'StudentDetailsChanged':
        return state;
      default:
        return assertNever(event);
    }
  },
  decide,
};

import { assertNever, Decider } from '../shared/decider';
import { invalid, notFound, rejected } from '../shared/domain-error';
import { SkillLevel, StudentEnrolled, StudentEvent } from './student.events';

export interface MakeupCredit {
  creditId: string;
  lessonId: string;
  expiresAt: string;
  /** the cancelled lesson's length: the longest lesson the credit covers */
  lessonMinutes?: number;
}

export type StudentState =
  | { status: 'none' }
  | {
      status: 'active' | 'withdrawn';
      studentId: string;
      parentId: string;
      instrument: string;
      /** the student's rate, per lesson of their enrolled length */
      lessonRateCents: number;
      lessonDurationMinutes: number;
      teacherId: string | null;
      /** the teacher left (TeacherUnassigned) and no other is assigned yet */
      awaitingTeacher?: boolean;
      /** unused credits */
      credits: MakeupCredit[];
    };

export type EnrollStudentCommand = { type: 'EnrollStudent' } & StudentEnrolled['data'];
export type AssignTeacherCommand = {
  type: 'AssignTeacher';
  studentId: string;
  teacherId: string;
  enrollmentId?: string | null;
};
/** Takes the student off `teacherId` (who left); nothing when the student has another teacher by now. */
export type UnassignTeacherCommand = { type: 'UnassignTeacher'; studentId: string; teacherId: string; reason: string };
export type WithdrawStudentCommand = { type: 'WithdrawStudent'; studentId: string; reason: string | null };
/** lessonMinutes: the cancelled lesson's length. */
export type GrantMakeupCreditCommand = {
  type: 'GrantMakeupCredit';
  studentId: string;
  creditId: string;
  lessonId: string;
  expiresAt: string;
  lessonMinutes: number;
};
/**
 * Takes, for a makeup lesson of `lessonMinutes`, the credit that expires first among those still valid at `at` that
 * cover that length.
 */
export type UseMakeupCreditCommand = {
  type: 'UseMakeupCredit';
  studentId: string;
  lessonId: string;
  lessonMinutes: number;
  at: string;
};

/** Records every credit whose expiry is at or before `at` as expired. */
export type ExpireMakeupCreditsCommand = { type: 'ExpireMakeupCredits'; studentId: string; at: string };

export type ChangeStudentDetailsCommand = {
  type: 'ChangeStudentDetails';
  studentId: string;
  skillLevel?: SkillLevel;
  lessonRateCents?: number;
};

export type StudentCommand =
  | ChangeStudentDetailsCommand
  | EnrollStudentCommand
  | AssignTeacherCommand
  | UnassignTeacherCommand
  | WithdrawStudentCommand
  | GrantMakeupCreditCommand
  | UseMakeupCreditCommand
  | ExpireMakeupCreditsCommand;

export const LESSON_RATE_CENTS = { min: 30_00, max: 200_00 };

type ActiveStudent = Extract<StudentState, { status: 'active' | 'withdrawn' }>;

/**
 * The longest lesson a credit covers: the cancelled lesson's length (the enrolled length for credits that did not
 * record it).
 */
export const creditCoversMinutes = (credit: MakeupCredit, enrolledMinutes: number): number =>
  credit.lessonMinutes ?? enrolledMinutes;

/**
 * The makeup rule: a credit is usable until its expiry, for a lesson up to the length of the one
 * cancelled. Gives the credits usable at `at` for `count` makeup lessons of `lessonMinutes`, the
 * one expiring first first, or refuses with the reason (422).
 */
export function usableMakeupCredits(s: ActiveStudent, lessonMinutes: number, at: string, count = 1): MakeupCredit[] {
  const valid = s.credits
    .filter((x) => Date.parse(x.expiresAt) > Date.parse(at))
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const covering = valid.filter((x) => creditCoversMinutes(x, s.lessonDurationMinutes) >= lessonMinutes);
  if (covering.length >= count) return covering;
  if (valid.length < count) throw rejected('NO_MAKEUP_CREDIT', 'the student has no unused makeup credit for this');
  const longest = Math.max(...valid.map((x) => creditCoversMinutes(x, s.lessonDurationMinutes)));
  throw rejected(
    'MAKEUP_LESSON_TOO_LONG',
    `a makeup credit covers a lesson up to the length of the one cancelled: ` +
      `the student's credits cover up to ${longest} minutes, not ${lessonMinutes}`,
    { coversMinutes: longest },
  );
}

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
      if (
        !Number.isInteger(data.lessonRateCents) ||
        data.lessonRateCents < LESSON_RATE_CENTS.min ||
        data.lessonRateCents > LESSON_RATE_CENTS.max
      ) {
        throw invalid('LESSON_RATE_OUT_OF_RANGE', 'lessonRate must be between 30 and 200 CAD');
      }
      return [{ type: 'StudentEnrolled', data }];
    }
    case 'AssignTeacher': {
      const st = active(s, c.studentId);
      if (st.teacherId === c.teacherId) return [];
      return [
        {
          type: 'TeacherAssigned',
          data: { studentId: c.studentId, teacherId: c.teacherId, enrollmentId: c.enrollmentId ?? null },
        },
      ];
    }
    case 'UnassignTeacher': {
      if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
      if (s.teacherId !== c.teacherId) return [];
      return [
        { type: 'TeacherUnassigned', data: { studentId: c.studentId, teacherId: c.teacherId, reason: c.reason } },
      ];
    }
    case 'ChangeStudentDetails': {
      active(s, c.studentId);
      if (
        c.lessonRateCents !== undefined &&
        (!Number.isInteger(c.lessonRateCents) ||
          c.lessonRateCents < LESSON_RATE_CENTS.min ||
          c.lessonRateCents > LESSON_RATE_CENTS.max)
      ) {
        throw invalid('LESSON_RATE_OUT_OF_RANGE', 'lessonRate must be between 30 and 200 CAD');
      }
      const data = {
        studentId: c.studentId,
        ...(c.skillLevel ? { skillLevel: c.skillLevel } : {}),
        ...(c.lessonRateCents !== undefined ? { lessonRateCents: c.lessonRateCents } : {}),
      };
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
      return [
        {
          type: 'MakeupCreditGranted',
          data: {
            studentId: c.studentId,
            creditId: c.creditId,
            lessonId: c.lessonId,
            expiresAt: c.expiresAt,
            lessonMinutes: c.lessonMinutes,
          },
        },
      ];
    }
    case 'UseMakeupCredit': {
      const [credit] = usableMakeupCredits(active(s, c.studentId), c.lessonMinutes, c.at);
      return [
        { type: 'MakeupCreditUsed', data: { studentId: c.studentId, creditId: credit.creditId, lessonId: c.lessonId } },
      ];
    }
    case 'ExpireMakeupCredits': {
      if (s.status === 'none') throw notFound('STUDENT_NOT_FOUND', `no student ${c.studentId}`);
      const at = Date.parse(c.at);
      return s.credits
        .filter((x) => Date.parse(x.expiresAt) <= at)
        .map((x) => ({
          type: 'MakeupCreditExpired' as const,
          data: { studentId: c.studentId, creditId: x.creditId, lessonId: x.lessonId, expiresAt: x.expiresAt },
        }));
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
          lessonRateCents: event.data.lessonRateCents,
          lessonDurationMinutes: event.data.lessonDurationMinutes,
          teacherId: null,
          credits: [],
        };
      case 'TeacherAssigned':
        return state.status === 'none' ? state : { ...state, teacherId: event.data.teacherId, awaitingTeacher: false };
      case 'TeacherUnassigned':
        return state.status === 'none' ? state : { ...state, teacherId: null, awaitingTeacher: true };
      case 'StudentWithdrawn':
        return state.status === 'none' ? state : { ...state, status: 'withdrawn' };
      case 'MakeupCreditGranted':
        return state.status === 'none' ? state : { ...state, credits: [...state.credits, { ...event.data }] };
      case 'MakeupCreditUsed':
      case 'MakeupCreditExpired':
        return state.status === 'none'
          ? state
          : { ...state, credits: state.credits.filter((x) => x.creditId !== event.data.creditId) };
      case 'StudentDetailsChanged':
        return state.status === 'none' || event.data.lessonRateCents === undefined
          ? state
          : { ...state, lessonRateCents: event.data.lessonRateCents };
      default:
        return assertNever(event);
    }
  },
  decide,
};

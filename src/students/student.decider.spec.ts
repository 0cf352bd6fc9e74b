import { StudentCommand, studentDecider, usableMakeupCredits } from './student.decider';
import { StudentEvent } from './student.events';
import { DeciderSpecification } from '../../test/support/decider-specification';

const enrolled: StudentEvent = {
  type: 'StudentEnrolled',
  data: {
    studentId: 'S1',
    parentId: 'P1',
    enrollmentId: null,
    firstName: 'Ada',
    lastName: 'Lovelace',
    dateOfBirth: '2015-04-01',
    instrument: 'piano',
    skillLevel: 'beginner',
    lessonRateCents: 45_00,
    lessonDurationMinutes: 30,
    preferredLessonDay: null,
    preferredLessonTime: null,
  },
};
const granted = (n: number, expiresAt: string, lessonMinutes?: number): StudentEvent => ({
  type: 'MakeupCreditGranted',
  data: {
    studentId: 'S1',
    creditId: `C${n}`,
    lessonId: `L${n}`,
    expiresAt,
    ...(lessonMinutes ? { lessonMinutes } : {}),
  },
});
const expired = (n: number, expiresAt: string): StudentEvent => ({
  type: 'MakeupCreditExpired',
  data: { studentId: 'S1', creditId: `C${n}`, lessonId: `L${n}`, expiresAt },
});

const { given, stateAfter } = DeciderSpecification.for(studentDecider);

const expire = (at: string): StudentCommand => ({ type: 'ExpireMakeupCredits', studentId: 'S1', at });
const use = (at: string, lessonMinutes = 30): StudentCommand => ({
  type: 'UseMakeupCredit',
  studentId: 'S1',
  lessonId: 'L9',
  lessonMinutes,
  at,
});

describe('student decider: makeup credits', () => {
  const early = '2026-12-01T04:00:00.000Z';
  const late = '2027-01-15T04:00:00.000Z';

  it('expires the credits past their expiry, at the instant included, and no others', () => {
    given([enrolled, granted(1, early), granted(2, late)])
      .when(expire('2026-12-01T04:00:00.000Z'))
      .then([expired(1, early)]);
    given([enrolled, granted(1, early), granted(2, late)])
      .when(expire('2026-11-30T03:59:59.999Z'))
      .then([]);
    given([enrolled, granted(1, early), granted(2, late)])
      .when(expire('2027-02-01T00:00:00Z'))
      .then([expired(1, early), expired(2, late)]);
  });

  it('an expired credit is gone: not expired twice, not usable', () => {
    given([enrolled, granted(1, early), expired(1, early)])
      .when(expire('2027-02-01T00:00:00Z'))
      .then([]);
    given([enrolled, granted(1, early), expired(1, early)])
      .when(use('2026-11-20T00:00:00Z'))
      .thenRefuses('NO_MAKEUP_CREDIT');
  });

  it('a credit past its expiry is not usable even before the expiry is recorded', () => {
    given([enrolled, granted(1, early)])
      .when(use('2026-12-01T04:00:00.000Z'))
      .thenRefuses('NO_MAKEUP_CREDIT');
    given([enrolled, granted(1, early), granted(2, late)])
      .when(use('2026-12-02T00:00:00-04:00'))
      .then([{ type: 'MakeupCreditUsed', data: { studentId: 'S1', creditId: 'C2', lessonId: 'L9' } }]);
  });

  it('uses the credit that expires first', () =>
    given([enrolled, granted(2, late), granted(1, early)])
      .when(use('2026-11-20T00:00:00Z'))
      .then([{ type: 'MakeupCreditUsed', data: { studentId: 'S1', creditId: 'C1', lessonId: 'L9' } }]));

  it("a withdrawn student's credits expire too; an unknown student is 404", () => {
    given([enrolled, granted(1, early), { type: 'StudentWithdrawn', data: { studentId: 'S1', reason: null } }])
      .when(expire(late))
      .then([expired(1, early)]);
    given([]).when(expire(late)).thenRefuses('STUDENT_NOT_FOUND');
  });

  describe('a credit covers a lesson up to the length of the one cancelled', () => {
    const at = '2026-11-20T00:00:00Z';
    const used = (n: number): StudentEvent => ({
      type: 'MakeupCreditUsed',
      data: { studentId: 'S1', creditId: `C${n}`, lessonId: 'L9' },
    });

    it('given a 30-minute lesson cancelled, the credit records its 30 minutes', () =>
      given([enrolled])
        .when({
          type: 'GrantMakeupCredit',
          studentId: 'S1',
          creditId: 'C1',
          lessonId: 'L1',
          expiresAt: early,
          lessonMinutes: 30,
        })
        .then([granted(1, early, 30)]));

    it(
      'when a 120-minute makeup lesson is booked with a 30-minute credit, ' +
        'then it is refused (422) with the reason',
      () => {
        given([enrolled, granted(1, early, 30)])
          .when(use(at, 120))
          .thenRefuses('MAKEUP_LESSON_TOO_LONG');
        given([enrolled, granted(1, early, 30)])
          .when(use(at, 120))
          .thenThrows(
            'a makeup credit covers a lesson up to the length of the one cancelled: ' +
              "the student's credits cover up to 30 minutes, not 120",
          );
      },
    );

    it('when the makeup lesson is as long or shorter, then the credit is used', () => {
      given([enrolled, granted(1, early, 30)])
        .when(use(at, 30))
        .then([used(1)]);
      given([enrolled, granted(1, early, 60)])
        .when(use(at, 45))
        .then([used(1)]);
    });

    it('takes the first-expiring credit that covers the length, passing over shorter ones', () =>
      given([enrolled, granted(1, early, 30), granted(2, late, 120)])
        .when(use(at, 120))
        .then([used(2)]));

    it("a credit that did not record its length covers the student's enrolled length (30 minutes here)", () => {
      given([enrolled, granted(1, early)])
        .when(use(at, 30))
        .then([used(1)]);
      given([enrolled, granted(1, early)])
        .when(use(at, 45))
        .thenRefuses('MAKEUP_LESSON_TOO_LONG');
    });

    it("usableMakeupCredits answers the booking's check for a series: enough covering credits, or why not", () => {
      const state = stateAfter([enrolled, granted(1, early, 30), granted(2, late, 60)]);
      if (state.status === 'none') throw new Error('enrolled');
      expect(usableMakeupCredits(state, 30, at, 2).map((c) => c.creditId)).toEqual(['C1', 'C2']);
      expect(() => usableMakeupCredits(state, 60, at, 2)).toThrow(
        expect.objectContaining({ code: 'MAKEUP_LESSON_TOO_LONG' }),
      );
      expect(() => usableMakeupCredits(state, 30, at, 3)).toThrow(
        expect.objectContaining({ code: 'NO_MAKEUP_CREDIT' }),
      );
    });
  });

  describe('UnassignTeacher (the teacher left)', () => {
    const assigned: StudentEvent = {
      type: 'TeacherAssigned',
      data: { studentId: 'S1', teacherId: 'T1', enrollmentId: null },
    };
    const unassign: StudentCommand = {
      type: 'UnassignTeacher',
      studentId: 'S1',
      teacherId: 'T1',
      reason: 'the teacher left the academy',
    };
    const unassigned: StudentEvent = {
      type: 'TeacherUnassigned',
      data: { studentId: 'S1', teacherId: 'T1', reason: 'the teacher left the academy' },
    };

    it('takes the student off the teacher who left; then the student can be assigned another', () => {
      given([enrolled, assigned]).when(unassign).then([unassigned]);
      given([enrolled, assigned, unassigned])
        .when({ type: 'AssignTeacher', studentId: 'S1', teacherId: 'T2', enrollmentId: null })
        .then([{ type: 'TeacherAssigned', data: { studentId: 'S1', teacherId: 'T2', enrollmentId: null } }]);
    });

    it('changes nothing when the student has another teacher by now, or was unassigned already', () => {
      given([enrolled, assigned, unassigned]).when(unassign).then([]);
      given([enrolled, { type: 'TeacherAssigned', data: { studentId: 'S1', teacherId: 'T2' } }])
        .when(unassign)
        .then([]);
    });
  });
});

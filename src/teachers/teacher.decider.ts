import { fitsAvailability } from '../scheduling/academy-time';
import { assertNever, Decider } from '../shared/decider';
import { conflict, invalid, notFound, rejected } from '../shared/domain-error';
import { availabilityProblems, normalizeAvailability, WeeklyAvailability } from './availability';
import {
  BookedLesson,
  ChangeTeacherAvailabilityCommand,
  ChangeTeacherDetailsCommand,
  DeactivateTeacherCommand,
  ReactivateTeacherCommand,
  RegisterTeacherCommand,
  ReleaseTeacherSeatCommand,
  TakeTeacherSeatCommand,
  TeacherCommand,
} from './teacher.commands';
import { Instrument, INSTRUMENTS, TeacherDetailsChanged, TeacherEvent } from './teacher.events';

export const HOURLY_RATE_CENTS = { min: 30_00, max: 200_00 };
export const MAX_STUDENTS = { min: 1, max: 50, default: 30 };

export type TeacherState =
  | { status: 'none' }
  | {
      /** inactive: left the academy (deactivated); not matched, listed or booked */
      status: 'active' | 'inactive';
      teacherId: string;
      instruments: Instrument[];
      maxStudents: number;
      hourlyRateCents: number;
      bio: string | null;
      availability: WeeklyAvailability;
      /** the students holding a seat */
      students: string[];
    };

type KnownTeacher = Exclude<TeacherState, { status: 'none' }>;

function known(s: TeacherState, teacherId: string): KnownTeacher {
  if (s.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
  return s;
}

function checkInstruments(given: string[]): Instrument[] {
  const instruments = [...new Set(given)];
  if (instruments.length === 0) throw invalid('NO_INSTRUMENTS', 'a teacher teaches at least one instrument');
  const unknown = instruments.filter((i) => !(INSTRUMENTS as readonly string[]).includes(i));
  if (unknown.length) {
    throw invalid(
      'UNKNOWN_INSTRUMENT',
      `unknown instrument(s) ${unknown.join(', ')}; known: ${INSTRUMENTS.join(', ')}`,
    );
  }
  return instruments as Instrument[];
}

function checkRate(hourlyRateCents: number): void {
  if (
    !Number.isInteger(hourlyRateCents) ||
    hourlyRateCents < HOURLY_RATE_CENTS.min ||
    hourlyRateCents > HOURLY_RATE_CENTS.max
  ) {
    throw invalid('HOURLY_RATE_OUT_OF_RANGE', 'hourlyRate must be between 30 and 200 CAD');
  }
}

function checkMaxStudents(maxStudents: number): void {
  if (!Number.isInteger(maxStudents) || maxStudents < MAX_STUDENTS.min || maxStudents > MAX_STUDENTS.max) {
    throw invalid('MAX_STUDENTS_OUT_OF_RANGE', 'maxStudents must be a whole number from 1 to 50');
  }
}

function checkAvailability(availability: WeeklyAvailability): WeeklyAvailability {
  const problems = availabilityProblems(availability);
  if (problems.length) throw invalid('INVALID_AVAILABILITY', problems.join('; '), { problems });
  return normalizeAvailability(availability);
}

function register(c: RegisterTeacherCommand, s: TeacherState): TeacherEvent[] {
  if (s.status !== 'none') throw conflict('TEACHER_EXISTS', `teacher ${c.teacherId} already exists`);
  const instruments = checkInstruments(c.instruments);
  checkRate(c.hourlyRateCents);
  const maxStudents = c.maxStudents ?? MAX_STUDENTS.default;
  checkMaxStudents(maxStudents);
  if (!c.firstName.trim() || !c.lastName.trim()) throw invalid('NAME_REQUIRED', 'firstName and lastName are required');
  return [
    {
      type: 'TeacherRegistered',
      data: {
        teacherId: c.teacherId,
        userId: c.userId,
        firstName: c.firstName.trim(),
        lastName: c.lastName.trim(),
        email: c.email.trim().toLowerCase(),
        instruments,
        hourlyRateCents: c.hourlyRateCents,
        seats: maxStudents,
        availability: checkAvailability(c.availability),
        bio: c.bio?.trim() || null,
      },
    },
  ];
}

/** The booked lessons still to come that the availability leaves out, in time order. */
export function lessonsOutside(
  availability: WeeklyAvailability,
  zone: string,
  booked: readonly BookedLesson[],
): BookedLesson[] {
  return booked
    .filter((l) => !fitsAvailability(availability, zone, { start: new Date(l.startsAt), end: new Date(l.endsAt) }))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.lessonId.localeCompare(b.lessonId));
}

/**
 * New hours may leave booked lessons outside them. Then the change says what becomes of them:
 * "cancel" (cancelled by the academy, with makeup credits, everyone told) or "keep" (they stay,
 * as one-offs outside the regular hours); without a word it is refused (409) listing them.
 */
function changeAvailability(c: ChangeTeacherAvailabilityCommand, s: TeacherState): TeacherEvent[] {
  known(s, c.teacherId);
  const availability = checkAvailability(c.availability);
  if (s.status === 'none' || JSON.stringify(availability) === JSON.stringify(s.availability)) return [];
  const stranded = c.zone ? lessonsOutside(availability, c.zone, c.booked ?? []) : [];
  if (stranded.length && !c.strandedLessons) {
    throw conflict(
      'LESSONS_OUTSIDE_NEW_AVAILABILITY',
      `${stranded.length} booked lesson(s) fall outside the new hours: ` +
        `send strandedLessons "cancel" (with makeup credits, families told) or "keep" (they stay as one-offs)`,
      {
        strandedLessons: stranded.map((l) => ({
          lessonId: l.lessonId,
          startsAt: l.startsAt,
          endsAt: l.endsAt,
          studentId: l.studentId,
        })),
      },
    );
  }
  return [
    {
      type: 'TeacherAvailabilityChanged',
      data: {
        teacherId: c.teacherId,
        availability,
        ...(stranded.length
          ? { strandedLessons: { handling: c.strandedLessons!, lessonIds: stranded.map((l) => l.lessonId) } }
          : {}),
      },
    },
  ];
}

function changeDetails(c: ChangeTeacherDetailsCommand, s: TeacherState): TeacherEvent[] {
  const t = known(s, c.teacherId);
  const changed: TeacherDetailsChanged['data'] = { teacherId: c.teacherId };
  if (c.hourlyRateCents !== undefined) {
    checkRate(c.hourlyRateCents);
    if (c.hourlyRateCents !== t.hourlyRateCents) changed.hourlyRateCents = c.hourlyRateCents;
  }
  if (c.maxStudents !== undefined) {
    checkMaxStudents(c.maxStudents);
    if (c.maxStudents < t.students.length) {
      throw conflict(
        'MAX_STUDENTS_BELOW_CURRENT',
        `the teacher has ${t.students.length} students: maxStudents cannot be below that (reassign students first)`,
        { currentStudents: t.students.length },
      );
    }
    if (c.maxStudents !== t.maxStudents) changed.seats = c.maxStudents;
  }
  if (c.instruments !== undefined) {
    const instruments = checkInstruments(c.instruments);
    const dropped = [...new Set(c.instrumentsInUse)].filter((i) => !(instruments as string[]).includes(i));
    if (dropped.length) {
      throw conflict(
        'INSTRUMENT_IN_USE',
        `the teacher's current students learn ${dropped.join(', ')}: keep it, or reassign those students first`,
        { instrumentsInUse: dropped },
      );
    }
    if ([...instruments].sort().join() !== [...t.instruments].sort().join()) changed.instruments = instruments;
  }
  if (c.bio !== undefined) {
    const bio = c.bio?.trim() || null;
    if (bio !== t.bio) changed.bio = bio;
  }
  return Object.keys(changed).length > 1 ? [{ type: 'TeacherDetailsChanged', data: changed }] : [];
}

/** The teacher leaves: their seats are given up (the students then wait for another teacher). */
function deactivate(c: DeactivateTeacherCommand, s: TeacherState): TeacherEvent[] {
  const t = known(s, c.teacherId);
  if (t.status === 'inactive') return [];
  return [
    {
      type: 'TeacherDeactivated',
      data: { teacherId: c.teacherId, reason: c.reason?.trim() || null, students: [...t.students] },
    },
  ];
}

function reactivate(c: ReactivateTeacherCommand, s: TeacherState): TeacherEvent[] {
  const t = known(s, c.teacherId);
  return t.status === 'inactive' ? [{ type: 'TeacherReactivated', data: { teacherId: c.teacherId } }] : [];
}

function takeSeat(c: TakeTeacherSeatCommand, s: TeacherState): TeacherEvent[] {
  if (s.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${c.teacherId}`);
  if (s.students.includes(c.studentId)) return [];
  if (s.status === 'inactive') throw rejected('TEACHER_INACTIVE', 'the teacher no longer teaches at the academy');
  if (s.students.length >= s.maxStudents) throw rejected('TEACHER_FULL', 'the teacher has no room for another student');
  return [{ type: 'TeacherSeatTaken', data: { teacherId: c.teacherId, studentId: c.studentId } }];
}

function releaseSeat(c: ReleaseTeacherSeatCommand, s: TeacherState): TeacherEvent[] {
  if (s.status === 'none' || !s.students.includes(c.studentId)) return [];
  return [{ type: 'TeacherSeatReleased', data: { teacherId: c.teacherId, studentId: c.studentId } }];
}

export const teacherDecider: Decider<TeacherCommand, TeacherState, TeacherEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'TeacherRegistered':
        return {
          status: 'active',
          teacherId: event.data.teacherId,
          instruments: event.data.instruments,
          maxStudents: event.data.seats,
          hourlyRateCents: event.data.hourlyRateCents,
          bio: event.data.bio,
          availability: event.data.availability,
          students: [],
        };
      case 'TeacherAvailabilityChanged':
        return state.status === 'none' ? state : { ...state, availability: event.data.availability };
      case 'TeacherDetailsChanged': {
        if (state.status === 'none') return state;
        const d = event.data;
        return {
          ...state,
          ...(d.hourlyRateCents !== undefined ? { hourlyRateCents: d.hourlyRateCents } : {}),
          ...(d.seats !== undefined ? { maxStudents: d.seats } : {}),
          ...(d.instruments !== undefined ? { instruments: d.instruments } : {}),
          ...(d.bio !== undefined ? { bio: d.bio } : {}),
        };
      }
      case 'TeacherDeactivated':
        return state.status === 'none' ? state : { ...state, status: 'inactive', students: [] };
      case 'TeacherReactivated':
        return state.status === 'none' ? state : { ...state, status: 'active' };
      case 'TeacherSeatTaken':
        return state.status === 'none' ? state : { ...state, students: [...state.students, event.data.studentId] };
      case 'TeacherSeatReleased':
        return state.status === 'none'
          ? state
          : { ...state, students: state.students.filter((x) => x !== event.data.studentId) };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterTeacher':
        return register(command, state);
      case 'ChangeTeacherAvailability':
        return changeAvailability(command, state);
      case 'ChangeTeacherDetails':
        return changeDetails(command, state);
      case 'DeactivateTeacher':
        return deactivate(command, state);
      case 'ReactivateTeacher':
        return reactivate(command, state);
      case 'TakeTeacherSeat':
        return takeSeat(command, state);
      case 'ReleaseTeacherSeat':
        return releaseSeat(command, state);
      default:
        return assertNever(command);
    }
  },
};

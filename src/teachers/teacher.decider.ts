import { assertNever, Decider } from '../shared/decider';
import { conflict, invalid, notFound, rejected } from '../shared/domain-error';
import { availabilityProblems, normalizeAvailability, WeeklyAvailability } from './availability';
import { Instrument, INSTRUMENTS, TeacherEvent } from './teacher.events';

export const HOURLY_RATE_CENTS = { min: 30_00, max: 200_00 };
export const MAX_STUDENTS = { min: 1, max: 50, default: 30 };

export type TeacherState =
  | { status: 'none' }
  | {
      status: 'active';
      teacherId: string;
      instruments: Instrument[];
      maxStudents: number;
      availability: WeeklyAvailability;
      /** the students holding a seat */
      students: string[];
    };

export type RegisterTeacherCommand = {
  type: 'RegisterTeacher';
  teacherId: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  instruments: string[];
  hourlyRateCents: number;
  maxStudents?: number;
  availability: WeeklyAvailability;
  bio?: string | null;
};

export type ChangeTeacherAvailabilityCommand = {
  type: 'ChangeTeacherAvailability';
  teacherId: string;
  availability: WeeklyAvailability;
};

export type TakeTeacherSeatCommand = { type: 'TakeTeacherSeat'; teacherId: string; studentId: string };
export type ReleaseTeacherSeatCommand = { type: 'ReleaseTeacherSeat'; teacherId: string; studentId: string };

export type TeacherCommand = RegisterTeacherCommand | ChangeTeacherAvailabilityCommand | TakeTeacherSeatCommand | ReleaseTeacherSeatCommand;

function checkAvailability(availability: WeeklyAvailability): WeeklyAvailability {
  const problems = availabilityProblems(availability);
  if (problems.length) throw invalid('INVALID_AVAILABILITY', problems.join('; '), { problems });
  return normalizeAvailability(availability);
}

function register(c: RegisterTeacherCommand, s: TeacherState): TeacherEvent[] {
  if (s.status !== 'none') throw conflict('TEACHER_EXISTS', `teacher ${c.teacherId} already exists`);
  const instruments = [...new Set(c.instruments)];
  if (instruments.length === 0) throw invalid('NO_INSTRUMENTS', 'a teacher teaches at least one instrument');
  const unknown = instruments.filter((i) => !(INSTRUMENTS as readonly string[]).includes(i));
  if (unknown.length) {
    throw invalid('UNKNOWN_INSTRUMENT', `unknown instrument(s) ${unknown.join(', ')}; known: ${INSTRUMENTS.join(', ')}`);
  }
  if (!Number.isInteger(c.hourlyRateCents) || c.hourlyRateCents < HOURLY_RATE_CENTS.min || c.hourlyRateCents > HOURLY_RATE_CENTS.max) {
    throw invalid('HOURLY_RATE_OUT_OF_RANGE', 'hourlyRate must be between 30 and 200 CAD');
  }
  const maxStudents = c.maxStudents ?? MAX_STUDENTS.default;
  if (!Number.isInteger(maxStudents) || maxStudents < MAX_STUDENTS.min || maxStudents > MAX_STUDENTS.max) {
    throw invalid('MAX_STUDENTS_OUT_OF_RANGE', 'maxStudents must be a whole number from 1 to 50');
  }
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
        instruments: instruments as Instrument[],
        hourlyRateCents: c.hourlyRateCents,
        seats: maxStudents,
        availability: checkAvailability(c.availability),
        bio: c.bio?.trim() || null,
      },
    },
  ];
}

function changeAvailability(c: ChangeTeacherAvailabilityCommand, s: TeacherState): TeacherEvent[] {
  if (s.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${c.teacherId}`);
  const availability = checkAvailability(c.availability);
  if (JSON.stringify(availability) === JSON.stringify(s.availability)) return [];
  return [{ type: 'TeacherAvailabilityChanged', data: { teacherId: c.teacherId, availability } }];
}

function takeSeat(c: TakeTeacherSeatCommand, s: TeacherState): TeacherEvent[] {
  if (s.status === 'none') throw notFound('TEACHER_NOT_FOUND', `no teacher ${c.teacherId}`);
  if (s.students.includes(c.studentId)) return [];
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
          availability: event.data.availability,
          students: [],
        };
      case 'TeacherAvailabilityChanged':
        return state.status === 'active' ? { ...state, availability: event.data.availability } : state;
      case 'TeacherSeatTaken':
        return state.status === 'active' ? { ...state, students: [...state.students, event.data.studentId] } : state;
      case 'TeacherSeatReleased':
        return state.status === 'active' ? { ...state, students: state.students.filter((x) => x !== event.data.studentId) } : state;
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
      case 'TakeTeacherSeat':
        return takeSeat(command, state);
      case 'ReleaseTeacherSeat':
        return releaseSeat(command, state);
      default:
        return assertNever(command);
    }
  },
};

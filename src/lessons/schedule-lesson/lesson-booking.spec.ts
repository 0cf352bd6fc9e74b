import { systemContext, systemMetadata, teacherRegisteredData } from '../../../test/support/fixtures';
import { StreamsInMemory } from '../../../test/support/streams-in-memory';
import { AppConfig } from '../../config/config';
import { CommandExecutor, StreamHistory } from '../../cqrs/command-executor';
import { EventStore, NewEvent } from '../../event-store/event-store.port';
import { Metrics } from '../../operations/metrics';
import { CalendarReservations } from '../../scheduling/calendar-reservations';
import { calendarDecider } from '../../scheduling/calendar.decider';
import { calendarStream } from '../../scheduling/calendar.events';
import { studentDecider } from '../../students/student.decider';
import { studentStream } from '../../students/student.events';
import { teacherDecider } from '../../teachers/teacher.decider';
import { teacherStream } from '../../teachers/teacher.events';
import { LessonBooking } from './lesson-booking';
import { SuggestAlternatives } from '../suggest-alternatives';

const metadata = systemMetadata('2026-11-09T12:00:00.000Z', 'booking');
const event = (eventId: string, type: string, data: object): NewEvent => ({ eventId, type, data, metadata });

/**
 * What a booking reads before it decides, and when: each read is tagged with the number of reads
 * finished when it began, so reads with the same tag went out together.
 */
describe('a booking reads the student, the teacher and both calendars', () => {
  let store: StreamsInMemory;
  let reads: { streamId: string; round: number }[];
  let booking: LessonBooking;
  let executor: CommandExecutor;
  let reserved: (StreamHistory | undefined)[];

  beforeEach(async () => {
    store = new StreamsInMemory();
    reads = [];
    let finished = 0;
    const reading = {
      readStream: async (streamId: string) => {
        reads.push({ streamId, round: finished });
        const events = await store.readStream(streamId);
        await new Promise((r) => setImmediate(r));
        finished++;
        return events;
      },
      append: store.append.bind(store),
      together: store.together.bind(store),
    };
    executor = new CommandExecutor(reading as unknown as EventStore, new Metrics());
    reserved = [];
    const calendars = {
      reserve: (_pair: unknown, _slots: unknown, _ctx: unknown, read?: { teacher?: StreamHistory }) => {
        reserved.push(read?.teacher);
        return Promise.resolve({ undo: () => Promise.resolve() });
      },
    };
    booking = new LessonBooking(
      executor,
      calendars as unknown as CalendarReservations,
      {} as SuggestAlternatives,
      { academyTimezone: 'America/Halifax' } as AppConfig,
    );
    await store.append(
      studentStream('S1'),
      [
        event('enrolled', 'StudentEnrolled', {
          studentId: 'S1',
          parentId: 'P1',
          instrument: 'piano',
          lessonRateCents: 4000,
          lessonDurationMinutes: 30,
        }),
        event('assigned', 'TeacherAssigned', { studentId: 'S1', teacherId: 'T1' }),
      ],
      'no_stream',
    );
    await store.append(
      teacherStream('T1'),
      [event('registered', 'TeacherRegistered', teacherRegisteredData('T1'))],
      'no_stream',
    );
  });

  const check = (teacherId?: string) =>
    booking.check(
      { studentId: 'S1', teacherId, startsAt: new Date('2026-11-16T16:00:00.000Z'), lessonType: 'regular' },
      new Date(metadata.occurredAt),
    );
  const byRound = () =>
    reads.reduce<string[][]>((rounds, r) => {
      (rounds[r.round] ??= []).push(r.streamId);
      rounds[r.round].sort();
      return rounds;
    }, []);

  it('all at once when the request names the teacher', async () => {
    expect((await check('T1')).available).toBe(true);
    expect(byRound()).toEqual([
      [
        calendarStream('student', 'S1'),
        calendarStream('teacher', 'T1'),
        studentStream('S1'),
        teacherStream('T1'),
      ].sort(),
    ]);
  });

  it("the student first when it does not: the student's teacher is then read after", async () => {
    expect((await check()).available).toBe(true);
    const [first, ...rest] = byRound().filter(Boolean);
    expect(first).toEqual([studentStream('S1')]);
    expect(rest.flat().sort()).toEqual(
      [calendarStream('student', 'S1'), calendarStream('teacher', 'T1'), teacherStream('T1')].sort(),
    );
  });

  it('none of them again when its caller hands over what it has just read', async () => {
    const [student, teacher, teacherCalendar, studentCalendar] = await Promise.all([
      executor.load(studentStream('S1'), studentDecider),
      executor.load(teacherStream('T1'), teacherDecider),
      executor.history(calendarStream('teacher', 'T1'), calendarDecider),
      executor.history(calendarStream('student', 'S1'), calendarDecider),
    ]);
    reads = [];
    const { lessons } = await booking.book(
      { studentId: 'S1', teacherId: 'T1', startsAt: new Date('2026-11-16T16:00:00.000Z'), lessonType: 'demo' },
      systemContext('book', metadata.occurredAt),
      new Date(metadata.occurredAt),
      { student, teacher, teacherCalendar, studentCalendar },
    );
    expect(lessons).toHaveLength(1);
    // nothing: the calendars go on to the reservation as read, and the new lesson's stream is new
    expect(reads).toEqual([]);
    expect(reserved).toEqual([teacherCalendar]);
  });
});

import {
  storedApplication,
  systemContext,
  systemMetadata,
  teacherRegisteredData,
} from '../../../test/support/fixtures';
import { StreamsInMemory } from '../../../test/support/streams-in-memory';
import { AppConfig } from '../../config/config';
import { subContext } from '../../cqrs/command-context';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EventStore, NewEvent } from '../../event-store/event-store.port';
import { lessonStream } from '../../lessons/lesson.events';
import { bookedLessonId } from '../../lessons/schedule-lesson/booking.decider';
import { BookingStreams, LessonBooking } from '../../lessons/schedule-lesson/lesson-booking';
import { Metrics } from '../../operations/metrics';
import { calendarStream } from '../../scheduling/calendar.events';
import { ManualClock } from '../../shared/clock';
import { studentStream } from '../../students/student.events';
import { teacherStream } from '../../teachers/teacher.events';
import { enrollmentStream } from '../enrollment.events';
import { ScheduleDemoLessonHandler } from './schedule-demo-lesson.handler';
import { ScheduleDemoLesson } from './node-commands';

const metadata = systemMetadata('2026-11-09T12:00:00.000Z', 'run');
const context = systemContext('demo-step', metadata.occurredAt, 'run');
const attempt = (i: number) => bookedLessonId(subContext(context, `demo-${i}`).commandId, 0);
const event = (eventId: string, type: string, data: object): NewEvent => ({ eventId, type, data, metadata });

describe('the demo-lesson step after a crash', () => {
  let store: StreamsInMemory;
  let reads: string[];
  let rounds: number[];
  let handed: (BookingStreams | undefined)[];
  let booked: Date[];
  let handler: ScheduleDemoLessonHandler;

  const demoRecorded = async () => (await store.readStream(enrollmentStream('E1'))).slice(1).map((e) => e.data);
  const teacherCalendar = (events: NewEvent[]) =>
    store.append(calendarStream('teacher', 'T1'), events, 'any').then(() => undefined);
  const slot = (i: number, startsAt: string) => ({
    lessonId: attempt(i),
    startsAt,
    endsAt: startsAt.replace('T16:00', 'T16:30'),
    withId: 'S1',
  });

  beforeEach(async () => {
    store = new StreamsInMemory();
    reads = [];
    booked = [];
    handed = [];
    rounds = [];
    let finished = 0;
    const reading = {
      // each read tagged with the number of reads finished when it began: reads of one round went out together
      readStream: async (streamId: string) => {
        reads.push(streamId);
        rounds.push(finished);
        const events = await store.readStream(streamId);
        await new Promise((r) => setImmediate(r));
        finished++;
        return events;
      },
      append: store.append.bind(store),
      together: <T>(work: () => T) => work(),
    };
    // The booking itself is LessonBooking's (its own specs): here, only which slot the step asks for.
    const booking = {
      book: (request: { startsAt: Date }, _ctx: unknown, _now: Date, known?: BookingStreams) => {
        booked.push(request.startsAt);
        handed.push(known);
        const startsAt = request.startsAt.toISOString();
        return Promise.resolve({ lessons: [{ lessonId: attempt(0), startsAt, endsAt: startsAt }] });
      },
    };
    handler = new ScheduleDemoLessonHandler(
      new CommandExecutor(reading as unknown as EventStore, new Metrics()),
      booking as unknown as LessonBooking,
      new ManualClock(new Date(metadata.occurredAt)),
      reading as unknown as EventStore,
      { academyTimezone: 'America/Halifax' } as AppConfig,
    );
    await store.append(
      enrollmentStream('E1'),
      [
        event('submitted', 'EnrollmentSubmitted', {
          enrollmentId: 'E1',
          application: storedApplication({ preferredLessonDay: null, preferredLessonTime: null }),
        }),
      ],
      'no_stream',
    );
  });

  const run = () => handler.execute(new ScheduleDemoLesson('E1', 'S1', 'T1', context));

  it("completes a booking whose slot the teacher's calendar still holds, at that slot", async () => {
    await teacherCalendar([
      event('b0', 'CalendarSlotsBooked', {
        owner: 'teacher',
        ownerId: 'T1',
        slots: [slot(0, '2026-11-16T16:00:00.000Z')],
      }),
    ]);
    await run();
    expect(booked.map((d) => d.toISOString())).toEqual(['2026-11-16T16:00:00.000Z']);
  });

  it('records the lesson an attempt wrote, its slot given back since or not, without booking again', async () => {
    const held = slot(1, '2026-11-17T16:00:00.000Z');
    await teacherCalendar([
      event('b1', 'CalendarSlotsBooked', { owner: 'teacher', ownerId: 'T1', slots: [held] }),
      event('r1', 'CalendarSlotReleased', {
        owner: 'teacher',
        ownerId: 'T1',
        lessonId: held.lessonId,
        reason: 'cancelled',
      }),
    ]);
    await store.append(
      lessonStream(held.lessonId),
      [event('l1', 'LessonScheduled', { lessonId: held.lessonId, startsAt: held.startsAt, endsAt: held.endsAt })],
      'no_stream',
    );
    await run();
    expect(booked).toEqual([]);
    expect(await demoRecorded()).toEqual([
      { enrollmentId: 'E1', teacherId: 'T1', lessonId: held.lessonId, startsAt: held.startsAt, endsAt: held.endsAt },
    ]);
  });

  it("reads no lesson of an attempt the teacher's calendar never booked", async () => {
    await teacherCalendar([
      event('other', 'CalendarSlotsBooked', {
        owner: 'teacher',
        ownerId: 'T1',
        slots: [
          { lessonId: 'another-lesson', startsAt: '2026-11-18T16:00:00.000Z', endsAt: '2026-11-18T16:30:00.000Z' },
        ],
      }),
    ]);
    await store.append(
      teacherStream('T1'),
      [event('t', 'TeacherRegistered', teacherRegisteredData('T1'))],
      'no_stream',
    );
    await run();
    expect(reads.filter((s) => s.startsWith('lesson-'))).toEqual([]);
    expect(booked).toHaveLength(1);
  });

  it('reads the enrollment, the teacher and both calendars in one round; decides the first slot on them', async () => {
    await store.append(
      teacherStream('T1'),
      [event('t', 'TeacherRegistered', teacherRegisteredData('T1'))],
      'no_stream',
    );
    await run();
    expect(booked).toHaveLength(1);
    const firstRound = reads.filter((_, i) => rounds[i] === 0).sort();
    expect(firstRound).toEqual(
      [
        enrollmentStream('E1'),
        calendarStream('teacher', 'T1'),
        teacherStream('T1'),
        calendarStream('student', 'S1'),
        studentStream('S1'),
      ].sort(),
    );
    // the booking is handed the streams as read, its calendars with their revisions
    expect(handed).toHaveLength(1);
    expect(handed[0]?.teacherCalendar.streamId).toBe(calendarStream('teacher', 'T1'));
    expect(handed[0]?.studentCalendar.streamId).toBe(calendarStream('student', 'S1'));
    // nothing read again: not the calendars before the booking (which reads for itself here a fake),
    // not the enrollment for the outcome's record (the command decides on the stream just read)
    expect(reads.slice(firstRound.length)).toEqual([]);
  });
});

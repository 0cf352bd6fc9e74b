import { EntityManager } from '@mikro-orm/postgresql';
import { StudentRow } from '../../projections/students/student.entity';
import { TeacherRow } from '../../projections/teachers/teacher.entity';
import { UserRow } from '../../projections/users/user.entity';
import { systemContext, systemMetadata } from '../../test/support/fixtures';
import { StreamsInMemory } from '../../test/support/streams-in-memory';
import { AppConfig } from '../config/config';
import { CommandExecutor } from '../cqrs/command-executor';
import { EventStore } from '../event-store/event-store.port';
import { EmailRequest, NotificationOutbox } from '../notifications/notification-outbox';
import { Metrics } from '../operations/metrics';
import { calendarStream } from '../scheduling/calendar.events';
import { RequestLessonEmail, RequestLessonEmailHandler } from './lesson-emails.handler';
import { lessonStream } from './lesson.events';

const metadata = systemMetadata('2026-11-09T12:00:00.000Z', 'c');
const context = systemContext('email', metadata.occurredAt, 'c');
const weekly = ['2026-11-16', '2026-11-23', '2026-11-30'].map((day, i) => ({
  lessonId: `L${i + 1}`,
  startsAt: `${day}T16:00:00.000Z`,
  endsAt: `${day}T16:30:00.000Z`,
  withId: 't1',
}));
const mockRows = new Map<unknown, object>([
  [StudentRow, { id: 's1', firstName: 'Ada', lastName: 'Byron', instrument: 'piano', parentId: 'p1' }],
  [TeacherRow, { id: 't1', firstName: 'Clara', lastName: 'Wieck', email: 'clara@example.com' }],
  [UserRow, { id: 'p1', email: 'parent@example.com' }],
]);

// The read models' rows the handler looks up (selectRows), by entity.
jest.mock('../database/select-rows', () => ({
  selectRows: (_em: unknown, entity: unknown) => Promise.resolve(mockRows.has(entity) ? [mockRows.get(entity)] : []),
}));

describe('the email of a booked series', () => {
  let store: StreamsInMemory;
  let sent: EmailRequest[];
  let handler: RequestLessonEmailHandler;

  const record = (slot: (typeof weekly)[number]) =>
    store.append(
      lessonStream(slot.lessonId),
      [
        {
          eventId: `scheduled-${slot.lessonId}`,
          type: 'LessonScheduled',
          metadata,
          data: {
            lessonId: slot.lessonId,
            studentId: 's1',
            teacherId: 't1',
            startsAt: slot.startsAt,
            endsAt: slot.endsAt,
            durationMinutes: 30,
            lessonType: 'regular',
            seriesId: 'series-1',
            notes: null,
            makeupCreditId: null,
          },
        },
      ],
      'no_stream',
    );

  beforeEach(async () => {
    store = new StreamsInMemory();
    sent = [];
    const em = {};
    const outbox = { request: (r: EmailRequest) => Promise.resolve(void sent.push(r)) };
    handler = new RequestLessonEmailHandler(
      new CommandExecutor(store as unknown as EventStore, new Metrics()),
      em as unknown as EntityManager,
      outbox as unknown as NotificationOutbox,
      { academyTimezone: 'America/Halifax' } as AppConfig,
      store as unknown as EventStore,
    );
    await store.append(
      calendarStream('student', 's1'),
      [
        {
          eventId: 'booked',
          type: 'CalendarSlotsBooked',
          metadata,
          data: { owner: 'student', ownerId: 's1', slots: weekly },
        },
      ],
      'no_stream',
    );
  });

  it('lists every date the calendar booked, also while the booking is still recording its lessons', async () => {
    await record(weekly[0]);
    await handler.execute(
      new RequestLessonEmail({ lessonId: 'L1', change: 'scheduled', eventId: 'scheduled-L1' }, context),
    );
    expect(sent.map((r) => [r.to, r.data.lessonCount])).toEqual([
      ['clara@example.com', 3],
      ['parent@example.com', 3],
    ]);
    expect(sent[1].data.lessons).toEqual(weekly.map((s) => ({ startsAt: s.startsAt })));
  });

  it('leaves out a date whose slot the calendar gave back before its lesson was recorded', async () => {
    await record(weekly[0]);
    await store.append(
      calendarStream('student', 's1'),
      [
        {
          eventId: 'released',
          type: 'CalendarSlotReleased',
          metadata,
          data: { owner: 'student', ownerId: 's1', lessonId: 'L3', reason: 'booking-abandoned' },
        },
      ],
      0,
    );
    await handler.execute(
      new RequestLessonEmail({ lessonId: 'L1', change: 'scheduled', eventId: 'scheduled-L1' }, context),
    );
    expect(sent[1].data.lessonCount).toBe(2);
  });
});

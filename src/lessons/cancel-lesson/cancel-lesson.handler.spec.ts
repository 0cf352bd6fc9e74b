import { CommandContext } from '../../cqrs/command-context';
import { WorkflowSaga } from '../../workflows/workflow.saga';
import { CommandExecutor } from '../../cqrs/command-executor';
import { EventStore } from '../../event-store/event-store.port';
import { LessonChangesWorkflow } from '../lesson-changes.workflow';
import { LessonCancellationWorkflow } from '../cancel-lessons/lesson-cancellation.workflow';
import { CancelLessons, CancelLessonsHandler } from '../cancel-lessons/cancel-lessons.handler';
import { CancelLesson, CancelLessonHandler } from './cancel-lesson.handler';

/** A cancellation once recorded is the answer, even when a follow-up run inside the request fails. */
describe('cancelling answers with what was recorded', () => {
  const context = { issuedAt: new Date('2027-03-01T12:00:00.000Z') } as unknown as CommandContext;
  // A workflow whose steps fail now, run the way every in-request run goes (WorkflowSaga.runNow).
  const failing = {
    name: 'workflow:test',
    logger: { warn: () => undefined },
    handle: () => Promise.reject(new Error('read model behind')),
    runNow: WorkflowSaga.prototype.runNow,
  };

  it('one lesson: the makeup credit, though its follow-ups fail now', async () => {
    const cancelled = { type: 'LessonCancelled', data: { lessonId: 'L1', makeupCredit: true } };
    const executor = {
      execute: async () => ({ events: [], position: 7, stored: [cancelled] }),
    } as unknown as CommandExecutor;
    const handler = new CancelLessonHandler(executor, failing as unknown as LessonChangesWorkflow);
    await expect(
      handler.execute(new CancelLesson({ lessonId: 'L1', reason: 'ill', initiatedBy: 'family' }, context)),
    ).resolves.toEqual({ makeupCredit: true, position: 7 });
  });

  it('several lessons: the lessons cancelled, though the workflow fails now', async () => {
    const lessons = [
      { lessonId: 'L1', studentId: 'S1', teacherId: 'T1', startsAt: '2027-03-08T19:00:00.000Z', makeupCredit: true },
    ];
    const executor = {
      load: async () => ({
        status: 'scheduled',
        lessonId: 'L1',
        studentId: 'S1',
        teacherId: 'T1',
        startsAt: '2027-03-08T19:00:00.000Z',
        lessonType: 'regular',
      }),
      execute: async () => ({
        events: [{}],
        position: 9,
        stored: [{ type: 'LessonsCancelledTogether', data: { lessons } }],
      }),
    } as unknown as CommandExecutor;
    const store = { readStream: async () => [] } as unknown as EventStore;
    const handler = new CancelLessonsHandler(executor, store, failing as unknown as LessonCancellationWorkflow);
    const result = await handler.execute(
      new CancelLessons(
        {
          scope: { kind: 'series', seriesId: 'X', from: '2027-03-01T12:00:00.000Z' },
          lessonIds: ['L1'],
          reason: 'moving',
          initiatedBy: 'family',
        },
        context,
      ),
    );
    expect(result.cancelled).toEqual(lessons);
  });

  it('several lessons, asked again: the cancellation recorded before, with nothing newly cancelled', async () => {
    const lessons = [
      { lessonId: 'L1', studentId: 'S1', teacherId: 'T1', startsAt: '2027-03-08T19:00:00.000Z', makeupCredit: true },
    ];
    const ran: unknown[] = [];
    const executor = {
      load: async () => ({ status: 'cancelled', lessonId: 'L1' }),
      execute: async () => ({ events: [], position: 9 }),
    } as unknown as CommandExecutor;
    const recorded = { type: 'LessonsCancelledTogether', data: { lessons } };
    const store = { readStream: async () => [recorded] } as unknown as EventStore;
    const workflow = { runNow: async (e: unknown) => void ran.push(e) } as unknown as LessonCancellationWorkflow;
    const handler = new CancelLessonsHandler(executor, store, workflow);
    const result = await handler.execute(
      new CancelLessons(
        {
          scope: { kind: 'series', seriesId: 'X', from: '2027-03-01T12:00:00.000Z' },
          lessonIds: ['L1'],
          reason: 'moving',
          initiatedBy: 'family',
          cancellationId: 'C1',
        },
        context,
      ),
    );
    expect(result).toMatchObject({ cancellationId: 'C1', cancelled: [] });
    expect(ran).toEqual([recorded]);
  });
});

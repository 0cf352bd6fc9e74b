import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { LESSON_EVENT_TYPES, LessonEvent } from '../../src/lessons/lesson.events';
import { Projection, ProjectionProvider } from '../../src/subscriptions/subscription.types';
import { BatchRows } from '../batch-rows';
import { LessonRow } from './lesson.entity';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED } from '../../src/privacy/personal-data';

@ProjectionProvider()
@Injectable()
export class LessonsProjection implements Projection {
  readonly name = 'lessons';
  readonly eventTypes = [...LESSON_EVENT_TYPES, 'FamilyForgotten'];
  readonly tables = ['lessons'];
  private readonly rows = new BatchRows(LessonRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & (LessonEvent | FamilyForgotten);
    const at = new Date(event.metadata.occurredAt);
    if (event.type === 'FamilyForgotten') {
      const { studentIds, lessonIds } = event.data;
      if (!studentIds.length && !lessonIds.length) return;
      const where = [
        studentIds.length ? 'student_id = ANY(?::uuid[])' : null,
        lessonIds.length ? 'id = ANY(?::uuid[])' : null,
      ]
        .filter(Boolean)
        .join(' OR ');
      await batch.execute(
        `UPDATE lessons SET notes = CASE WHEN notes IS NULL THEN NULL ELSE ? END,
                            completion_notes = CASE WHEN completion_notes IS NULL THEN NULL ELSE ? END,
                            cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE ? END
          WHERE ${where}`,
        [ERASED, ERASED, ERASED, ...(studentIds.length ? [studentIds] : []), ...(lessonIds.length ? [lessonIds] : [])],
      );
      return;
    }
    if (event.type === 'LessonScheduled') {
      const d = event.data;
      this.rows.create(batch, {
        id: d.lessonId,
        studentId: d.studentId,
        teacherId: d.teacherId,
        startsAt: new Date(d.startsAt),
        endsAt: new Date(d.endsAt),
        durationMinutes: d.durationMinutes,
        lessonType: d.lessonType,
        status: 'scheduled',
        seriesId: d.seriesId,
        notes: d.notes,
        completionNotes: null,
        cancelReason: null,
        makeupCredit: null,
        createdAt: at,
        updatedAt: at,
      });
      return;
    }
    const row = await this.rows.get(batch, event.data.lessonId);
    row.updatedAt = at;
    switch (event.type) {
      case 'LessonRescheduled':
        row.startsAt = new Date(event.data.startsAt);
        row.endsAt = new Date(event.data.endsAt);
        return;
      case 'LessonCancelled':
        row.status = 'cancelled';
        row.cancelReason = event.data.reason;
        row.makeupCredit = event.data.makeupCredit;
        return;
      case 'LessonCompleted':
        row.status = 'completed';
        row.completionNotes = event.data.notes;
        return;
      case 'LessonNoShowRecorded':
        row.status = 'no_show';
        return;
    }
  }
}

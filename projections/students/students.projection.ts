import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { BatchRows } from '../batch-rows';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { StudentEvent } from '../../src/students/student.events';
import { Projection, ProjectionProvider } from '../../src/subscriptions/subscription.types';
import { StudentRow } from './student.entity';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED, isErased } from '../../src/privacy/personal-data';

@ProjectionProvider()
@Injectable()
export class StudentsProjection implements Projection {
  readonly name = 'students';
  readonly eventTypes = [
    'StudentEnrolled',
    'TeacherAssigned',
    'TeacherUnassigned',
    'StudentWithdrawn',
    'MakeupCreditGranted',
    'MakeupCreditUsed',
    'MakeupCreditExpired',
    'StudentDetailsChanged',
    'FamilyForgotten',
  ] as const;
  readonly tables = ['students'];
  private readonly rows = new BatchRows(StudentRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & (StudentEvent | FamilyForgotten);
    switch (event.type) {
      case 'FamilyForgotten':
        // Rows made earlier in this batch are written first, then scrubbed like the others.
        await batch.execute(
          `UPDATE students SET first_name = ?, last_name = ?, date_of_birth = NULL WHERE parent_id = ?`,
          [ERASED, ERASED, event.data.familyId],
        );
        return;
      case 'StudentEnrolled': {
        const d = event.data;
        this.rows.create(batch, {
          id: d.studentId,
          parentId: d.parentId,
          firstName: d.firstName,
          lastName: d.lastName,
          // An erased date of birth (the family was forgotten) has no date to hold.
          dateOfBirth: isErased(d.dateOfBirth) ? null : d.dateOfBirth,
          instrument: d.instrument,
          skillLevel: d.skillLevel,
          lessonRateCents: d.lessonRateCents,
          lessonDurationMinutes: d.lessonDurationMinutes,
          teacherId: null,
          active: true,
          makeupCredits: 0,
          enrolledAt: new Date(event.metadata.occurredAt),
        });
        return;
      }
      case 'TeacherAssigned':
        (await this.rows.get(batch, event.data.studentId)).teacherId = event.data.teacherId;
        return;
      case 'TeacherUnassigned':
        (await this.rows.get(batch, event.data.studentId)).teacherId = null;
        return;
      case 'StudentWithdrawn':
        (await this.rows.get(batch, event.data.studentId)).active = false;
        return;
      case 'MakeupCreditGranted':
        (await this.rows.get(batch, event.data.studentId)).makeupCredits += 1;
        return;
      case 'MakeupCreditUsed':
      case 'MakeupCreditExpired':
        (await this.rows.get(batch, event.data.studentId)).makeupCredits -= 1;
        return;
      case 'StudentDetailsChanged': {
        const row = await this.rows.get(batch, event.data.studentId);
        if (event.data.skillLevel) row.skillLevel = event.data.skillLevel;
        if (event.data.lessonRateCents !== undefined) row.lessonRateCents = event.data.lessonRateCents;
        return;
      }
    }
  }
}

import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { BatchRows } from '../batch-rows';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { UserRegistered } from '../../src/identity/user.events';
import { ProjectionProvider, Projection } from '../../src/subscriptions/subscription.types';
import { TEACHER_EVENT_TYPES, TeacherEvent } from '../../src/teachers/teacher.events';
import { TeacherRow } from './teacher.entity';

type Handled = TeacherEvent | UserRegistered;

@ProjectionProvider()
@Injectable()
export class TeachersProjection implements Projection {
  readonly name = 'teachers';
  readonly eventTypes = [...TEACHER_EVENT_TYPES, 'UserRegistered'];
  readonly tables = ['teachers'];
  private readonly rows = new BatchRows(TeacherRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & Handled;
    const at = new Date(event.metadata.occurredAt);
    switch (event.type) {
      case 'TeacherRegistered': {
        const d = event.data;
        this.rows.create(batch, {
          id: d.teacherId,
          userId: null,
          firstName: d.firstName,
          lastName: d.lastName,
          firstNameKey: d.firstName.toLowerCase(),
          lastNameKey: d.lastName.toLowerCase(),
          email: d.email,
          instruments: d.instruments,
          hourlyRateCents: d.hourlyRateCents,
          maxStudents: d.seats,
          currentStudents: 0,
          availability: d.availability,
          bio: d.bio,
          active: true,
          registeredAt: at,
          updatedAt: at,
          version: recorded.streamPosition,
        });
        return;
      }
      case 'TeacherAvailabilityChanged': {
        const row = await this.rows.get(batch, event.data.teacherId);
        row.availability = event.data.availability;
        row.updatedAt = at;
        row.version = recorded.streamPosition;
        return;
      }
      case 'TeacherDetailsChanged': {
        const d = event.data;
        const row = await this.rows.get(batch, d.teacherId);
        if (d.hourlyRateCents !== undefined) row.hourlyRateCents = d.hourlyRateCents;
        if (d.seats !== undefined) row.maxStudents = d.seats;
        if (d.instruments !== undefined) row.instruments = d.instruments;
        if (d.bio !== undefined) row.bio = d.bio;
        row.updatedAt = at;
        row.version = recorded.streamPosition;
        return;
      }
      case 'TeacherDeactivated':
      case 'TeacherReactivated': {
        const row = await this.rows.get(batch, event.data.teacherId);
        row.active = event.type === 'TeacherReactivated';
        // The students' seats went with the deactivation.
        if (event.type === 'TeacherDeactivated') row.currentStudents = 0;
        row.updatedAt = at;
        row.version = recorded.streamPosition;
        return;
      }
      case 'TeacherSeatTaken':
      case 'TeacherSeatReleased': {
        const row = await this.rows.get(batch, event.data.teacherId);
        row.currentStudents += event.type === 'TeacherSeatTaken' ? 1 : -1;
        row.version = recorded.streamPosition;
        return;
      }
      case 'UserRegistered': {
        if (!event.data.teacherId) return;
        const row = await this.rows.get(batch, event.data.teacherId);
        row.userId = event.data.userId;
        return;
      }
    }
  }
}

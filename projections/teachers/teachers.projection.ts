import { EntityManager, FlushMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { UserRegistered } from '../../src/identity/user.events';
import { ProjectionProvider, Projection } from '../../src/subscriptions/subscription.types';
import { TeacherEvent } from '../../src/teachers/teacher.events';
import { TeacherRow } from './teacher.entity';

type Handled = TeacherEvent | UserRegistered;

@ProjectionProvider()
@Injectable()
export class TeachersProjection implements Projection {
  readonly name = 'teachers';
  readonly eventTypes = ['TeacherRegistered', 'TeacherAvailabilityChanged', 'UserRegistered'] as const;
  readonly tables = ['teachers'];

  /** Rows created in the current batch's transaction, found again without flushing to look them up. */
  private readonly created = new WeakMap<EntityManager, Map<string, TeacherRow>>();

  private async row(em: EntityManager, id: string): Promise<TeacherRow> {
    return this.created.get(em)?.get(id) ?? (await em.findOneOrFail(TeacherRow, id, { flushMode: FlushMode.COMMIT }));
  }

  async apply(recorded: RecordedEvent, em: EntityManager): Promise<void> {
    const event = recorded as RecordedEvent & Handled;
    const at = new Date(event.metadata.occurredAt);
    switch (event.type) {
      case 'TeacherRegistered': {
        const d = event.data;
        const row = em.create(TeacherRow, {
          id: d.teacherId,
          userId: null,
          firstName: d.firstName,
          lastName: d.lastName,
          firstNameKey: d.firstName.toLowerCase(),
          lastNameKey: d.lastName.toLowerCase(),
          email: d.email,
          instruments: d.instruments,
          hourlyRateCents: d.hourlyRateCents,
          maxStudents: d.maxStudents,
          currentStudents: 0,
          availability: d.availability,
          bio: d.bio,
          active: true,
          registeredAt: at,
          updatedAt: at,
          version: recorded.streamPosition,
        });
        if (!this.created.has(em)) this.created.set(em, new Map());
        this.created.get(em)!.set(row.id, row);
        return;
      }
      case 'TeacherAvailabilityChanged': {
        const row = await this.row(em, event.data.teacherId);
        row.availability = event.data.availability;
        row.updatedAt = at;
        row.version = recorded.streamPosition;
        return;
      }
      case 'UserRegistered': {
        if (!event.data.teacherId) return;
        const row = await this.row(em, event.data.teacherId);
        row.userId = event.data.userId;
        return;
      }
    }
  }
}

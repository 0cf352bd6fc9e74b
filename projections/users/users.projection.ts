import { ProjectionBatch } from '../../src/subscriptions/projection-rows';
import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { UserEvent } from '../../src/identity/user.events';
import { ProjectionProvider, Projection } from '../../src/subscriptions/subscription.types';
import { UserRow } from './user.entity';
import { BatchRows } from '../batch-rows';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED, erasedEmailOf, isErased } from '../../src/privacy/personal-data';

@ProjectionProvider()
@Injectable()
export class UsersProjection implements Projection {
  readonly name = 'users';
  readonly eventTypes = ['UserRegistered', 'UserPasswordChanged', 'FamilyForgotten'] as const;
  readonly tables = ['users'];
  private readonly rows = new BatchRows(UserRow);

  async apply(recorded: RecordedEvent, batch: ProjectionBatch): Promise<void> {
    const event = recorded as RecordedEvent & (UserEvent | FamilyForgotten);
    switch (event.type) {
      case 'FamilyForgotten':
        await batch.execute('UPDATE users SET email = ?, display_name = ? WHERE id = ?', [
          erasedEmailOf(event.data.familyId),
          ERASED,
          event.data.familyId,
        ]);
        return;
      case 'UserRegistered':
        this.rows.create(batch, {
          id: event.data.userId,
          // Emails stay unique: an erased one (the family was forgotten) becomes the account's own marker.
          email: isErased(event.data.email) ? erasedEmailOf(event.data.userId) : event.data.email,
          role: event.data.role,
          displayName: event.data.displayName,
          teacherId: event.data.teacherId,
          hasPassword: false,
          registeredAt: new Date(event.metadata.occurredAt),
        });
        return;
      case 'UserPasswordChanged': {
        (await this.rows.get(batch, event.data.userId)).hasPassword = true;
        return;
      }
    }
  }
}

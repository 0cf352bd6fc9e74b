import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { UserEvent } from '../../src/identity/user.events';
import { ProjectionProvider, Projection } from '../../src/subscriptions/subscription.types';
import { UserRow } from './user.entity';
import { writePending } from '../../src/subscriptions/replay-rows';
import { FamilyForgotten } from '../../src/privacy/family.events';
import { ERASED, erasedEmailOf, isErased } from '../../src/privacy/personal-data';

@ProjectionProvider()
@Injectable()
export class UsersProjection implements Projection {
  readonly name = 'users';
  readonly eventTypes = ['UserRegistered', 'UserPasswordChanged', 'FamilyForgotten'] as const;
  readonly tables = ['users'];

  async apply(recorded: RecordedEvent, em: EntityManager): Promise<void> {
    const event = recorded as RecordedEvent & (UserEvent | FamilyForgotten);
    switch (event.type) {
      case 'FamilyForgotten':
        await writePending(em);
        await em.execute('UPDATE users SET email = ?, display_name = ? WHERE id = ?', [
          erasedEmailOf(event.data.familyId),
          ERASED,
          event.data.familyId,
        ]);
        return;
      case 'UserRegistered':
        em.create(UserRow, {
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
        // During a replay, the rows of earlier batches are committed first (see writePending).
        await writePending(em);
        const row = await em.findOneOrFail(UserRow, event.data.userId);
        row.hasPassword = true;
        return;
      }
    }
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../src/event-store/event-store.port';
import { UserEvent } from '../../src/identity/user.events';
import { ProjectionProvider, Projection } from '../../src/subscriptions/subscription.types';
import { UserRow } from './user.entity';

@ProjectionProvider()
@Injectable()
export class UsersProjection implements Projection {
  readonly name = 'users';
  readonly eventTypes = ['UserRegistered', 'UserPasswordChanged'] as const;
  readonly tables = ['users'];

  async apply(recorded: RecordedEvent, em: EntityManager): Promise<void> {
    const event = recorded as RecordedEvent & UserEvent;
    switch (event.type) {
      case 'UserRegistered':
        em.create(UserRow, {
          id: event.data.userId,
          email: event.data.email,
          role: event.data.role,
          displayName: event.data.displayName,
          teacherId: event.data.teacherId,
          hasPassword: false,
          registeredAt: new Date(event.metadata.occurredAt),
        });
        return;
      case 'UserPasswordChanged': {
        const row = await em.findOneOrFail(UserRow, event.data.userId);
        row.hasPassword = true;
        return;
      }
    }
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UserRow } from './user.entity';

@Injectable()
export class UsersQueries {
  constructor(private readonly em: EntityManager) {}

  byEmail(email: string): Promise<UserRow | null> {
    return this.em.fork().findOne(UserRow, { email: email.trim().toLowerCase() });
  }

  byId(id: string): Promise<UserRow | null> {
    return this.em.fork().findOne(UserRow, { id });
  }
}

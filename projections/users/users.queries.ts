import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { selectRows } from '../../src/database/select-rows';
import { UserRow } from './user.entity';

/** Users by email or id: one named statement through the driver each (selectRows), as a sign-in or /auth/me needs. */
@Injectable()
export class UsersQueries {
  constructor(private readonly em: EntityManager) {}

  async byEmail(email: string): Promise<UserRow | null> {
    const [row] = await selectRows(this.em, UserRow, 'email = ?', [email.trim().toLowerCase()]);
    return row ?? null;
  }

  async byId(id: string): Promise<UserRow | null> {
    const [row] = await selectRows(this.em, UserRow, 'id = ?', [id]);
    return row ?? null;
  }
}

import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { Role } from '../../src/identity/user.events';

@Entity({ tableName: 'users' })
export class UserRow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text', unique: true })
  email!: string;

  @Property({ type: 'text' })
  role!: Role;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'uuid', nullable: true })
  teacherId: string | null = null;

  @Property({ type: 'boolean' })
  hasPassword: boolean = false;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;
}

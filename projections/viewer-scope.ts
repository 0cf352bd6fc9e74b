import { EntityManager } from '@mikro-orm/postgresql';
import { AuthenticatedUser } from '../src/identity/auth/auth.decorators';
import { selectRows } from '../src/database/select-rows';
import { UserRow } from './users/user.entity';

/**
 * What a viewer may see, as a filter on student and teacher ids: admins everything, a teacher
 * their own teaching, a parent their own children, anyone else nothing.
 */
export type Scope = { all: true } | { teacherId: string } | { parentId: string } | { none: true };

export async function scopeOf(em: EntityManager, viewer: AuthenticatedUser): Promise<Scope> {
  if (viewer.role === 'admin') return { all: true };
  if (viewer.role === 'parent') return { parentId: viewer.id };
  if (viewer.role === 'teacher') {
    const [user] = await selectRows(em, UserRow, 'id = ?', [viewer.id]);
    return user?.teacherId ? { teacherId: user.teacherId } : { none: true };
  }
  return { none: true };
}

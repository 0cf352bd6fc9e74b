import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { scopeOf } from '../../../projections/viewer-scope';
import { AuthenticatedUser } from '../../identity/auth/auth.decorators';
import { invalid, notFound } from '../../shared/domain-error';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Whose lessons a calendar URL shows: a teacher's teaching or a family's children (the parent's user id). */
export type CalendarOwner = { kind: 'teacher'; teacherId: string } | { kind: 'family'; parentId: string };

const ownerId = (o: CalendarOwner) => (o.kind === 'teacher' ? o.teacherId : o.parentId);
/** A token as we hand it out: a prefix and 32 random bytes, base64url (43 characters). */
const TOKEN = /^cal_[A-Za-z0-9_-]{43}$/;

/**
 * The secrets of calendar URLs. Calendar apps cannot send a bearer token, so the URL itself is
 * the credential: 256 random bits, of which only a hash is stored (a leaked table opens no
 * calendar). One per owner: issuing again replaces the hash in one statement, so the old URL
 * stops answering at once; revoking deletes it. Like refresh tokens, these are secrets that
 * change, not facts of the academy, so they are kept outside the event log.
 */
@Injectable()
export class CalendarSubscriptions {
  constructor(private readonly em: EntityManager) {}

  /** A new token for the owner, replacing any earlier one. */
  async issue(owner: CalendarOwner, now: Date): Promise<string> {
    const token = `cal_${randomBytes(32).toString('base64url')}`;
    await this.em.fork().execute(
      `INSERT INTO calendar_subscriptions (token_hash, owner_kind, owner_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner_kind, owner_id) DO UPDATE SET token_hash = excluded.token_hash,
                                                        created_at = excluded.created_at`,
      [sha256(token), owner.kind, ownerId(owner), now],
    );
    return token;
  }

  /** Revokes the owner's URL; whether there was one. */
  async revoke(owner: CalendarOwner): Promise<boolean> {
    const rows = await this.em
      .fork()
      .execute<{ token_hash: string }[]>(
        'DELETE FROM calendar_subscriptions WHERE owner_kind = ? AND owner_id = ? RETURNING token_hash',
        [owner.kind, ownerId(owner)],
      );
    return rows.length > 0;
  }

  /** Whose calendar a token opens, or null (unknown, replaced or revoked). */
  async ownerOf(token: string): Promise<CalendarOwner | null> {
    if (!TOKEN.test(token)) return null;
    const [row] = await this.em
      .fork()
      .execute<{ owner_kind: 'teacher' | 'family'; owner_id: string }[]>(
        'SELECT owner_kind, owner_id FROM calendar_subscriptions WHERE token_hash = ?',
        [sha256(token)],
      );
    if (!row) return null;
    return row.owner_kind === 'teacher'
      ? { kind: 'teacher', teacherId: row.owner_id }
      : { kind: 'family', parentId: row.owner_id };
  }

  /** Whose calendar the caller means: their own, or for an admin the one named. */
  async ownerFor(viewer: AuthenticatedUser, named: { teacherId?: string; parentId?: string }): Promise<CalendarOwner> {
    if (named.teacherId && named.parentId) throw invalid('ONE_CALENDAR', 'name a teacherId or a parentId, not both');
    const em = this.em.fork();
    const scope = await scopeOf(em, viewer);
    let owner: CalendarOwner;
    if ('all' in scope) {
      if (named.teacherId) owner = { kind: 'teacher', teacherId: named.teacherId };
      else if (named.parentId) owner = { kind: 'family', parentId: named.parentId };
      else throw invalid('CALENDAR_OWNER_REQUIRED', 'name whose calendar: teacherId or parentId');
    } else if ('teacherId' in scope && !named.parentId && (named.teacherId ?? scope.teacherId) === scope.teacherId) {
      owner = { kind: 'teacher', teacherId: scope.teacherId };
    } else if ('parentId' in scope && !named.teacherId && (named.parentId ?? scope.parentId) === scope.parentId) {
      owner = { kind: 'family', parentId: scope.parentId };
    } else {
      throw notFound('CALENDAR_NOT_FOUND', 'no such calendar of yours');
    }
    const [exists] =
      owner.kind === 'teacher'
        ? await em.execute('SELECT 1 FROM teachers WHERE id = ?', [owner.teacherId])
        : // a forgotten family gets no calendar again
          await em.execute(
            `SELECT 1 FROM users WHERE id = ? AND role = 'parent'
                AND NOT EXISTS (SELECT 1 FROM family_keys WHERE family_id = users.id AND forgotten_at IS NOT NULL)`,
            [owner.parentId],
          );
    if (!exists)
      throw notFound(
        'CALENDAR_NOT_FOUND',
        owner.kind === 'teacher' ? `no teacher ${owner.teacherId}` : `no family ${owner.parentId}`,
      );
    return owner;
  }

  /** The first name a teacher's calendar is titled with; null for no such teacher. */
  async teacherFirstName(teacherId: string): Promise<string | null> {
    const [teacher] = await this.em
      .fork()
      .execute<{ first_name: string }[]>('SELECT first_name FROM teachers WHERE id = ?', [teacherId]);
    return teacher?.first_name ?? null;
  }
}

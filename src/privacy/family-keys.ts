import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { FieldCipher, unwrapKey, wrapKey } from './field-cipher';
import { keepAtMost } from '../shared/kept-at-most';

export type FamilyKeyState =
  { state: 'active'; cipher: FieldCipher } | { state: 'forgotten'; forgottenAt: string } | { state: 'unknown' };

const ACTIVE_TTL_MS = 30_000;

/**
 * Per-family data keys in `family_keys`, wrapped with the master key. Forgetting a family
 * destroys its wrapped key: every value encrypted under it is unreadable from then on.
 * Active keys are cached for a short while; a forget in this process evicts at once (another
 * process sees it when its cache entry expires, within ACTIVE_TTL_MS).
 */
export class FamilyKeys {
  private readonly cache = new Map<string, { value: FamilyKeyState; until: number }>();
  /** expired entries are dropped every ACTIVE_TTL_MS, else every family ever seen stays cached (up to the cap) */
  private nextSweep = 0;

  constructor(
    private readonly pool: Pool,
    private readonly master: Buffer,
  ) {}

  async get(familyId: string): Promise<FamilyKeyState> {
    const hit = this.cached(familyId);
    if (hit) return hit;
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null; forgotten_at: Date | null }>(
      'SELECT wrapped_key, forgotten_at FROM family_keys WHERE family_id = $1',
      [familyId],
    );
    return this.remember(familyId, rows[0]);
  }

  /** Several families' keys with one query for those not cached (a page of the log at a time). */
  async getMany(familyIds: Iterable<string>): Promise<Map<string, FamilyKeyState>> {
    const out = new Map<string, FamilyKeyState>();
    const missing: string[] = [];
    const now = Date.now();
    for (const id of familyIds) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) out.set(id, hit.value);
      else missing.push(id);
    }
    if (missing.length) {
      const { rows } = await this.pool.query<{
        family_id: string;
        wrapped_key: Buffer | null;
        forgotten_at: Date | null;
      }>('SELECT family_id, wrapped_key, forgotten_at FROM family_keys WHERE family_id = ANY($1::uuid[])', [missing]);
      const byId = new Map(rows.map((r) => [r.family_id, r]));
      for (const id of missing) out.set(id, this.remember(id, byId.get(id)));
    }
    return out;
  }

  /** The family's key, created on first use; 'forgotten' when the family was erased. */
  async getOrCreate(familyId: string): Promise<FamilyKeyState> {
    const hit = this.cached(familyId);
    if (hit) return hit;
    // One statement: the new key, or the family's key as stored (a key that exists is not
    // written again). A new key's commit waits for its WAL flush, like an append: this process
    // keeps the key in memory, and it must never outlive its row (a server restarted before the
    // flush would lose the row while the key went on encrypting the family's events).
    const wrapped = wrapKey(this.master, familyId, randomBytes(32));
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null; forgotten_at: Date | null }>(
      `WITH created AS (
         INSERT INTO family_keys (family_id, wrapped_key) VALUES ($1, $2)
         ON CONFLICT (family_id) DO NOTHING
         RETURNING wrapped_key, forgotten_at)
       SELECT wrapped_key, forgotten_at FROM created
       UNION ALL
       SELECT wrapped_key, forgotten_at FROM family_keys WHERE family_id = $1 AND NOT EXISTS (SELECT FROM created)`,
      [familyId, wrapped],
    );
    // (none: another process created it after this statement began; it is there to read now)
    return rows.length ? this.remember(familyId, rows[0]) : this.get(familyId);
  }

  /**
   * Destroys the family's key. Returns when it was forgotten (now, or earlier when it already
   * was), or null when no such family holds a key.
   */
  async forget(familyId: string, at: Date): Promise<{ forgottenAt: string; already: boolean } | null> {
    const { rows } = await this.pool.query<{ forgotten_at: Date; already: boolean }>(
      `WITH prior AS (SELECT family_id, forgotten_at FROM family_keys WHERE family_id = $1 FOR UPDATE)
       UPDATE family_keys k SET wrapped_key = NULL, forgotten_at = coalesce(k.forgotten_at, $2)
         FROM prior WHERE k.family_id = prior.family_id
       RETURNING k.forgotten_at, prior.forgotten_at IS NOT NULL AS already`,
      [familyId, at],
    );
    this.cache.delete(familyId);
    if (!rows.length) return null;
    return { forgottenAt: rows[0].forgotten_at.toISOString(), already: rows[0].already };
  }

  /** The family's key state as cached, while its time lasts. */
  private cached(familyId: string): FamilyKeyState | undefined {
    const hit = this.cache.get(familyId);
    return hit && hit.until > Date.now() ? hit.value : undefined;
  }

  private remember(familyId: string, row?: { wrapped_key: Buffer | null; forgotten_at: Date | null }): FamilyKeyState {
    let value: FamilyKeyState;
    if (!row) value = { state: 'unknown' };
    else if (!row.wrapped_key)
      value = { state: 'forgotten', forgottenAt: (row.forgotten_at ?? new Date(0)).toISOString() };
    else {
      let key: Buffer;
      try {
        key = unwrapKey(this.master, familyId, row.wrapped_key);
      } catch {
        throw new Error(
          `the data key of family ${familyId} does not open with this master key (DATA_ENCRYPTION_KEY or ` +
            `DATA_DIR/data-encryption-key changed?)`,
        );
      }
      value = { state: 'active', cipher: new FieldCipher(familyId, key) };
    }
    // Unknown families are not cached: their key may be created by another process any moment.
    if (value.state !== 'unknown')
      this.cache.set(familyId, { value, until: value.state === 'forgotten' ? Infinity : Date.now() + ACTIVE_TTL_MS });
    const now = Date.now();
    if (now >= this.nextSweep) {
      for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
      this.nextSweep = now + ACTIVE_TTL_MS;
    }
    keepAtMost(this.cache, 50_000);
    return value;
  }

  /** families whose key state is held in memory (for tests and diagnostics) */
  get cachedFamilies(): number {
    return this.cache.size;
  }
}

import { Pool } from 'pg';
import {
  AppendedHint,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../event-store/event-store.port';
import { LatestEmailClaims } from '../identity/email-claim-streams';
import { FamilyKeys } from './family-keys';
import { FieldCipher, tokenBlob, tokenFamily } from './field-cipher';
import { ERASED, FamilyLookups, PERSONAL_DATA } from './personal-data';
import { PrivateStreamIds } from './private-stream-ids';
import { SubjectTie, tiedOf, TIES_ALONE, tieValues, TiedAppendResult } from '../event-store/postgres/subject-ties';
import { keepAtMost } from '../shared/kept-at-most';

/** A store that writes an append's subject ties in the append's own transaction (the PostgreSQL store). */
export interface AppendsTying {
  appendTying(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
    ties: readonly SubjectTie[],
  ): Promise<TiedAppendResult>;
}

/**
 * Wraps whichever event store is configured: personal data of families is encrypted before the
 * adapter sees an event (so the stored bytes, and any hash over them, are ciphertext) and
 * decrypted on every read. Values of a forgotten family read as "[erased]".
 */
export class EncryptingEventStore implements EventStore {
  /** the latest claim of an address (an event's family by its parent's email) */
  private readonly claims: LatestEmailClaims;

  constructor(
    private readonly inner: EventStore,
    private readonly keys: FamilyKeys,
    private readonly pool: Pool,
    ids: PrivateStreamIds,
    /** the PostgreSQL store, which ties an event's subjects in its append's transaction; absent, just before it */
    private readonly tying?: AppendsTying,
  ) {
    this.claims = new LatestEmailClaims(inner, ids);
  }

  get name(): EventStore['name'] {
    return this.inner.name;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    const sealed: NewEvent[] = [];
    const ties: SubjectTie[] = [];
    // In order: an event may name a subject an earlier one of the same append ties.
    const pending = new Map<string, string>();
    for (const event of events) sealed.push(await this.seal(event, ties, pending));
    if (ties.length === 0) return this.inner.append(streamId, sealed, expectedRevision);
    if (this.tying) {
      const { tied, ...result } = await this.tying.appendTying(streamId, sealed, expectedRevision, ties);
      this.remember(tied ?? []);
      return result;
    }
    // Over another store (EventStoreDB) no flush of this database follows: the rows wait for their
    // own, or a crash could lose a tie whose event is stored. An append that fails is made again,
    // and writes them again (the first tie of a subject stands).
    const { rows } = await this.pool.query<{ tie: string }>(TIES_ALONE, tieValues(ties));
    const written = rows.map((r) => r.tie);
    this.remember(tiedOf(ties, written));
    return this.inner.append(streamId, sealed, expectedRevision);
  }

  /** Keeps the families of the subjects just tied (one tied before keeps its first family, looked up when needed). */
  private remember(tied: readonly SubjectTie[]): void {
    for (const t of tied) this.rememberSubject(t.subjectId, t.familyId);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamId, options);
    // As stored: the bytes the hashes cover, for verification and export.
    return options?.asStored ? events : this.openAll(events);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll(options);
    return options?.asStored ? events : this.openAll(events);
  }

  headPosition(types?: readonly string[]): Promise<number> {
    return this.inner.headPosition(types);
  }

  onAppended(listener: (appended?: AppendedHint) => void): () => void {
    return this.inner.onAppended(listener);
  }

  together<T>(work: () => T): T {
    return this.inner.together(work);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private readonly lookups: FamilyLookups = {
    ownerOfEmail: async (email) => {
      const { last } = await this.claims.of(email);
      return last ? (last.data.userId ?? null) : null;
    },
    familyOfSubject: async (subjectId) => {
      const known = this.subjectFamilies.get(subjectId);
      if (known) return known;
      const { rows } = await this.pool.query<{ family_id: string }>(
        'SELECT family_id FROM family_subjects WHERE subject_id = $1',
        [subjectId],
      );
      const familyId = rows[0]?.family_id ?? null;
      if (familyId) this.rememberSubject(subjectId, familyId);
      return familyId;
    },
    isFamily: async (familyId) => (await this.keys.get(familyId)).state !== 'unknown',
  };

  /**
   * Families of the subjects (students, enrollments, lessons, payments) this process tied or
   * looked up, the most recent 20,000: a subject's family never changes once stored (the first
   * tie stands, and forgetting keeps it), and the next steps of a workflow seal events about the
   * subjects its first steps tied.
   */
  private readonly subjectFamilies = new Map<string, string>();

  private rememberSubject(subjectId: string, familyId: string): void {
    this.subjectFamilies.set(subjectId, familyId);
    keepAtMost(this.subjectFamilies, SUBJECT_FAMILIES_KEPT);
  }

  /**
   * Encrypts the event's personal fields under its family's key (erases them when the family was
   * forgotten), and adds the subjects it ties to that family to `ties` (and to `pending`, where the
   * append's later events find them).
   */
  private async seal(event: NewEvent, ties: SubjectTie[], pending: Map<string, string>): Promise<NewEvent> {
    const rule = PERSONAL_DATA[event.type];
    if (!rule || !event.data || typeof event.data !== 'object') return event;
    // cast: this layer seals any event's personal fields by name, on its raw JSON object
    const data = event.data as Record<string, unknown>;
    const lookups: FamilyLookups =
      pending.size === 0
        ? this.lookups
        : {
            ...this.lookups,
            // a subject tied before keeps its family; one this append ties, the family it is given
            familyOfSubject: async (id) => (await this.lookups.familyOfSubject(id)) ?? pending.get(id) ?? null,
          };
    const familyId = await rule.familyOf(data, lookups);
    if (!familyId) return event;
    for (const s of rule.subjects?.(data) ?? []) {
      ties.push({ subjectId: s.id, kind: s.kind, familyId });
      if (!pending.has(s.id)) pending.set(s.id, familyId);
    }
    const key = await this.keys.getOrCreate(familyId);
    const copy = structuredClone(data);
    for (const field of rule.fields) {
      const path = field.split('.');
      const parent = path
        .slice(0, -1)
        .reduce<Record<string, unknown> | undefined>((o, k) => o?.[k] as Record<string, unknown> | undefined, copy);
      const leaf = path[path.length - 1];
      if (!parent || typeof parent !== 'object' || parent[leaf] === null || parent[leaf] === undefined) continue;
      parent[leaf] = key.state === 'active' ? key.cipher.encrypt(parent[leaf], event.eventId, field) : ERASED;
    }
    return { ...event, data: copy };
  }

  /** Decrypts a page of events: one key lookup per family (cached), then a synchronous walk per event. */
  private async openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const families = new Set<string>();
    // Only the event types that can carry personal data are walked (after upcasting, a field may have moved).
    const candidates = events.map((e) => (PERSONAL_DATA[e.type] ? collectFamilies(e.data, families) : false));
    if (families.size === 0) return events;
    const ciphers = new Map<string, FieldCipher | null>();
    for (const [familyId, key] of await this.keys.getMany(families))
      ciphers.set(familyId, key.state === 'active' ? key.cipher : null);
    return events.map((e, i) => (candidates[i] ? { ...e, data: this.open(e.data, ciphers) } : e));
  }

  /**
   * Values opened before, by their encrypted text, each with the cipher that opened it: the same
   * event is read by every step that folds its stream, by each saga and read model that follows
   * its type, and each read would decrypt each of its fields again. A value is taken from here
   * only while that cipher is still its family's key as FamilyKeys gives it now, so never after
   * the family is forgotten in this process, nor past the key's own time in the cache (another
   * process's forget reaches this one when that expires, as for the key itself). Only plain
   * values (text, numbers): what a reader could change in place is opened each time.
   */
  private readonly opened = new Map<string, { cipher: FieldCipher; value: unknown }>();

  private open(value: unknown, ciphers: ReadonlyMap<string, FieldCipher | null>): unknown {
    if (typeof value === 'string') {
      const familyId = tokenFamily(value);
      if (familyId === null) return value;
      const cipher = ciphers.get(familyId);
      if (!cipher) return ERASED;
      const hit = this.opened.get(value);
      if (hit?.cipher === cipher) return hit.value;
      const opened = cipher.decrypt(tokenBlob(value));
      if (opened === null || typeof opened !== 'object') {
        this.opened.set(value, { cipher, value: opened });
        keepAtMost(this.opened, OPENED_VALUES);
      }
      return opened;
    }
    if (Array.isArray(value)) return value.map((v) => this.open(v, ciphers));
    if (value && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) copy[k] = this.open(v, ciphers);
      return copy;
    }
    return value;
  }
}

/** How many subjects' families are kept (two ids each). */
const SUBJECT_FAMILIES_KEPT = 20_000;

/** How many opened values are kept (about 200 bytes each): the fields of the last thousand or so families' events. */
const OPENED_VALUES = 20_000;

/** Adds the family of every encrypted value in `value` to `into`; true when there was one. */
function collectFamilies(value: unknown, into: Set<string>): boolean {
  if (typeof value === 'string') {
    const familyId = tokenFamily(value);
    if (familyId) into.add(familyId);
    return familyId !== null;
  }
  if (!value || typeof value !== 'object') return false;
  let found = false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) found = collectFamilies(v, into) || found;
  return found;
}

import { invalid } from '../src/shared/domain-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface Page<T> {
  items: T[];
  /** pass as `cursor` to get the next page; null on the last page */
  next: string | null;
}

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each element of a cursor must be: a cursor is client input like any other. */
export const CursorPart = {
  text: (v: unknown) => typeof v === 'string' && v.length <= 500 && !/[\u0000-\u001f]/.test(v),
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  digits: (v: unknown) => typeof v === 'string' && /^\d{1,19}$/.test(v),
  instant: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
};

export function decodeCursor(cursor: string | undefined, parts: readonly ((v: unknown) => boolean)[]): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === parts.length && key.every((k, i) => parts[i](k))) return key as string[];
  } catch {
    /* fall through */
  }
  throw invalid('INVALID_CURSOR', 'cursor is not one this API gave out');
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit` as views, and the cursor after
 * the last of them when more rows follow.
 */
export function keysetPage<R, V>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly (string | number)[],
  view: (row: R) => V,
): Page<V> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { items: page.map(view), next: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

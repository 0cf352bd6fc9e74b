import { createHmac } from 'node:crypto';

/**
 * Ids of streams named after personal data (an email address, a child's name): a keyed hash
 * under a key derived from the master key, so knowing an address does not find its streams —
 * and once a family is forgotten, nothing in the log leads from the address back to it.
 */
export class PrivateStreamIds {
  private constructor(private readonly key: Buffer) {}

  static fromMasterKey(master: Buffer): PrivateStreamIds {
    return new PrivateStreamIds(createHmac('sha256', master).update('cedar-heights private stream ids').digest());
  }

  /** 40 hex characters of HMAC-SHA-256 over the kind and the (already normalised) parts. */
  hash(kind: string, ...parts: string[]): string {
    return createHmac('sha256', this.key)
      .update([kind, ...parts].join('\u001f'))
      .digest('hex')
      .slice(0, 40);
  }
}

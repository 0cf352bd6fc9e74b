import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Prefix of an encrypted value inside stored event data: `pii:1:<familyId>:<base64url(iv|tag|ciphertext)>`. */
export const TOKEN_PREFIX = 'pii:1:';
const TOKEN = /^pii:1:[0-9a-f-]{36}:[A-Za-z0-9_-]+$/;
/** where an encrypted value's bytes begin: after the prefix, the family id and a colon */
const BLOB_AT = TOKEN_PREFIX.length + 37;

/** The family of an encrypted value, without decoding it (null when the value is not one). */
export function tokenFamily(value: string): string | null {
  return value.startsWith(TOKEN_PREFIX) && TOKEN.test(value)
    ? value.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 36)
    : null;
}

/** The encrypted bytes (iv, tag, ciphertext) of a value tokenFamily recognised. */
export function tokenBlob(value: string): Buffer {
  return Buffer.from(value.slice(BLOB_AT), 'base64url');
}

/**
 * AES-256-GCM with a synthetic IV: the IV is an HMAC of the event id, the field and the value,
 * so the same event encrypts to the same bytes every time (a retried append stays a retry for
 * the store's duplicate check) while two different values never share an IV.
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly ivKey: Buffer;

  constructor(
    readonly familyId: string,
    dataKey: Buffer,
  ) {
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'cedar-heights pii enc', 32));
    this.ivKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'cedar-heights pii iv', 32));
  }

  encrypt(value: unknown, eventId: string, field: string): string {
    const plain = Buffer.from(JSON.stringify(value), 'utf8');
    const iv = createHmac('sha256', this.ivKey)
      .update(`${eventId}\u001f${field}\u001f`)
      .update(plain)
      .digest()
      .subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(this.familyId));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return `${TOKEN_PREFIX}${this.familyId}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
  }

  decrypt(blob: Buffer): unknown {
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, blob.subarray(0, 12));
    decipher.setAAD(Buffer.from(this.familyId));
    decipher.setAuthTag(blob.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }
}

/** Wraps a family's data key with the master key (AES-256-GCM, the family id as associated data). */
export function wrapKey(master: Buffer, familyId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(familyId));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

export function unwrapKey(master: Buffer, familyId: string, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', master, wrapped.subarray(0, 12));
  decipher.setAAD(Buffer.from(familyId));
  decipher.setAuthTag(wrapped.subarray(12, 28));
  return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
}

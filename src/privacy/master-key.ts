import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { AppConfig } from '../config/config';
import { readOrCreateSecretFile } from '../config/secret-file';

/**
 * The master key that wraps every family's data key: DATA_ENCRYPTION_KEY, or one generated once
 * and kept in DATA_DIR (like the JWT secret). Losing it makes all personal data in the log unreadable.
 */
export function resolveMasterKey(config: Pick<AppConfig, 'dataDir'> & { dataEncryptionKey?: string }): Buffer {
  let secret = config.dataEncryptionKey;
  if (!secret) {
    const file = path.join(config.dataDir, 'data-encryption-key');
    secret = readOrCreateSecretFile(file, () => randomBytes(32).toString('base64url'));
    if (secret.length < 32) throw new Error(`${file} holds no usable key (fewer than 32 characters)`);
  }
  return createHash('sha256').update(`cedar-heights master key\u001f${secret}`).digest();
}

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readOrCreateSecretFile } from './secret-file';

describe('a secret kept in DATA_DIR', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'cedar-secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once and read back afterwards', () => {
    const file = path.join(dir, 'nested', 'jwt-secret');
    const first = readOrCreateSecretFile(file, () => 'a'.repeat(40));
    expect(first).toBe('a'.repeat(40));
    expect(readOrCreateSecretFile(file, () => 'b'.repeat(40))).toBe(first);
  });

  it('is the one another instance created while this one was generating its own', () => {
    const file = path.join(dir, 'jwt-secret');
    // The other instance writes the file between this one's check and its write.
    const mine = readOrCreateSecretFile(file, () => {
      writeFileSync(file, 'theirs-'.repeat(6), { mode: 0o600 });
      return 'mine-'.repeat(8);
    });
    expect(mine).toBe('theirs-'.repeat(6).trim());
    expect(readdirSync(dir)).toEqual(['jwt-secret']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from '../support/test-app';

const SCRIPT = path.resolve(__dirname, '../../scripts/openapi-types.js');
const COMMITTED = path.resolve(__dirname, '../../web/src/api/openapi.d.ts');

/**
 * The same generator as `npm run web:api-types`, in a plain Node process
 * (openapi-typescript loads ES modules jest cannot).
 */
async function typesFromDocument(document: unknown): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cedar-openapi-'));
  try {
    writeFileSync(path.join(dir, 'document.json'), JSON.stringify(document));
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, '--document', path.join(dir, 'document.json')], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The web pages call the API through types generated from the app's OpenAPI document. When a
 * route or schema changes, this fails until the types are regenerated: `npm run web:api-types`
 * (then `tsc -p web/tsconfig.json`, part of npm test, shows what the pages must change).
 */
describe('the web pages\' API types', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('are what the running app\'s /docs-json generates (refresh with `npm run web:api-types`)', async () => {
    const document = (await t.http.get('/docs-json')).body;
    const generated = await typesFromDocument(document);
    const committed = readFileSync(COMMITTED, 'utf8');
    if (generated !== committed) {
      const [a, b] = [generated.split('\n'), committed.split('\n')];
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `web/src/api/openapi.d.ts differs from the app's OpenAPI document at line ${line + 1} ` +
          `(generated ${JSON.stringify(a[line])}, committed ${JSON.stringify(b[line])}): run \`npm run web:api-types\` and commit the file`,
      );
    }
  });
});

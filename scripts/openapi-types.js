#!/usr/bin/env node
'use strict';
/**
 * The web pages' API types (web/src/api/openapi.d.ts), generated from the app's own OpenAPI
 * document with openapi-typescript. Run as a script (`npm run web:api-types`) it builds nothing
 * itself: it boots the built app (dist/) on a throwaway embedded PostgreSQL, reads /docs-json,
 * writes the file and stops. With `--document <file.json>` it prints the types of that document
 * instead: test/web/api-types.test.ts compares the committed file with what the running app's
 * document gives now.
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'web', 'src', 'api', 'openapi.d.ts');
const HEADER = [
  '/**',
  " * Generated from the app's OpenAPI document (/docs-json) by openapi-typescript: do not edit.",
  ' * Regenerate with `npm run web:api-types`.',
  ' */',
  '',
].join('\n');

/** The file's text for a document. */
async function typesFromDocument(document) {
  const { default: openapiTS, astToString } = require('openapi-typescript');
  const nodes = await openapiTS(document, { alphabetize: true });
  return HEADER + astToString(nodes);
}

async function main() {
  const dist = path.join(ROOT, 'dist', 'src');
  if (!fs.existsSync(path.join(dist, 'app.factory.js')))
    throw new Error('dist/ is missing: run `npm run build:server` first (npm run web:api-types does)');
  const { createApp } = require(path.join(dist, 'app.factory.js'));
  const { loadConfig } = require(path.join(dist, 'config', 'config.js'));
  const { startEmbeddedPostgres } = require(path.join(dist, 'database', 'embedded-postgres.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cedar-openapi-'));
  fs.chmodSync(dataDir, 0o755);
  const quiet = { log() {}, debug() {}, warn() {}, error: (m) => process.stderr.write(`${String(m)}\n`) };
  const db = await startEmbeddedPostgres({ dataDir, logger: quiet });
  let app;
  try {
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' };
    delete env.DATABASE_URL;
    delete env.EVENTSTORE_CONNECTION_STRING;
    const config = loadConfig(env);
    app = await createApp({ config, databaseUrl: db.url });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const res = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!res.ok) throw new Error(`/docs-json answered ${res.status}`);
    fs.writeFileSync(OUT, await typesFromDocument(await res.json()));
    process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
  } finally {
    await app?.close();
    await db.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = { typesFromDocument, OUT };

async function printFor(file) {
  const types = await typesFromDocument(JSON.parse(fs.readFileSync(file, 'utf8')));
  // stdout into a pipe is written asynchronously: exit only once all of it is handed over, or the
  // reader gets the types cut short.
  await new Promise((resolve, reject) => process.stdout.write(types, (err) => (err ? reject(err) : resolve())));
}

if (require.main === module) {
  const at = process.argv.indexOf('--document');
  (at > 0 ? printFor(process.argv[at + 1]) : main()).then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}

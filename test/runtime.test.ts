import { spawnSync } from 'node:child_process';

/**
 * `npm run test:node24` sets EXPECTED_NODE_VERSION: the jest worker running this file, and any
 * `node` a test starts by PATH or by process.execPath (as the boot and kill -9 tests do), must be
 * that version, or the run would pass on the machine's Node while claiming Node 24.
 */
const expected = process.env.EXPECTED_NODE_VERSION;

(expected ? describe : describe.skip)(`the Node.js running the suite (${expected ?? 'not pinned'})`, () => {
  it('runs the jest worker', () => {
    expect(process.version).toBe(expected);
  });

  it('runs the processes tests spawn', () => {
    for (const node of [process.execPath, 'node']) {
      const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
      expect({ node, version: r.stdout.trim() }).toEqual({ node, version: expected });
    }
  });
});

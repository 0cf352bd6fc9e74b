import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { run, table } from './support';

/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`, or BENCH_APP_PROFILE=<dir> for the benchmarks'
 * app): self time by package or project folder, and the heaviest functions.
 *   npm run bench:profile -- <file.cpuprofile | dir (newest profile in it)> [top functions=25]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native, gc, idle)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node core';
  const dist = url.indexOf('/dist/');
  if (dist >= 0)
    return url
      .slice(dist + 6)
      .split('/')
      .slice(0, 2)
      .join('/');
  return url;
}

async function main(): Promise<void> {
  let file = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  if (!file) throw new Error('usage: npm run bench:profile -- <file.cpuprofile | dir>');
  if (statSync(file).isDirectory()) {
    const newest = readdirSync(file)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(file, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (!newest) throw new Error(`no .cpuprofile in ${file}`);
    file = newest;
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const group = functionName === '(garbage collector)' ? '(garbage collector)' : where(url);
    groups.set(group, (groups.get(group) ?? 0) + t);
    const fn = `${functionName || '(anonymous)'} ${url ? `${where(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)} %`;
  const ms = (t: number) => (t / 1000).toFixed(0);
  process.stdout.write(
    `\n${file}: ${ms(total)} ms sampled, ${ms(busy)} ms on CPU (${((100 * busy) / total).toFixed(0)} %)\n\nSelf time by package or folder (share of on-CPU time):\n\n`,
  );
  process.stdout.write(
    table(
      ['where', 'ms', 'share'],
      [...groups]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([g, t]) => [g, ms(t), pct(t)]),
    ),
  );
  process.stdout.write(`\nHeaviest functions (self time):\n\n`);
  process.stdout.write(
    table(
      ['function', 'ms', 'share'],
      [...functions]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([f, t]) => [f, ms(t), pct(t)]),
    ),
  );
}

run(main);

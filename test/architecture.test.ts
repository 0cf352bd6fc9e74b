import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The dependency rules of docs/architecture.md, checked on every import in the tree. */
const ROOT = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);

const production = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'projections'))].filter((f) => !f.endsWith('.spec.ts'));
const rel = (f: string) => path.relative(ROOT, f);

describe('dependency rules', () => {
  it('deciders and their event and rule files are pure: no framework, no I/O', () => {
    const pure = production.filter((f) => /\.(decider|events)\.ts$/.test(f) || /\/(availability|money|decider|domain-error)\.ts$/.test(f));
    expect(pure.length).toBeGreaterThan(5);
    const offenders = pure.flatMap((f) =>
      importsOf(f)
        .filter((i) => !i.startsWith('.') && !['node:crypto', 'luxon'].includes(i))
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('projections import no command handlers or controllers', () => {
    const offenders = files(path.join(ROOT, 'projections')).flatMap((f) =>
      importsOf(f)
        .filter((i) => /\.(handler|controller)$/.test(i))
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('production code does not import tests, benchmarks or console.log', () => {
    const offenders = production.flatMap((f) => [
      ...importsOf(f)
        .filter((i) => /(^|\/)(test|bench)\//.test(i))
        .map((i) => `${rel(f)} imports ${i}`),
      ...(/console\.log/.test(readFileSync(f, 'utf8')) ? [`${rel(f)} uses console.log`] : []),
    ]);
    expect(offenders).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { importGraph, ImportGraph, SourceFile } from './support/import-graph';

/**
 * The dependency rules of docs/architecture.md, checked on every import in the tree, relative
 * ones included. Files are classified by what they are (a `@Controller` class, a
 * `@CommandHandler` class, a `Decider` value), not by how they are named.
 */
const ROOT = path.resolve(__dirname, '..');
const graph: ImportGraph = importGraph(ROOT, ['src', 'projections']);
const production = graph.files.filter((f) => !f.isSpec);

/** Packages a decider or its pure rule files may use: hashing and calendar arithmetic only. */
const PURE_PACKAGES = ['node:crypto', 'luxon'];
/** Folders under src/ that are the platform every feature builds on, not a feature. */
const PLATFORM = ['shared', 'event-store'];
/** What the platform may use besides itself: configuration and the database connection. */
const BELOW_PLATFORM = ['config', 'database'];

const isDecider = (f: SourceFile) => /^export const \w+\s*:\s*Decider</m.test(f.code);
const isController = (f: SourceFile) => /@Controller\(/.test(f.text);
const isCommandHandler = (f: SourceFile) => /@CommandHandler\(|\bimplements\s+ICommandHandler\b/.test(f.text);
const moduleOf = (f: SourceFile) => (f.rel.startsWith('src/') ? f.rel.split('/')[1] : undefined);

/**
 * Controllers that still hold write-path logic: they load state with a decider or query with
 * the EntityManager themselves. They go when their use case moves behind a command handler
 * (HTTP → controller → command bus → handler → decider). A new entry fails this test; an
 * entry fixed but left here fails it too, so the list only shrinks.
 */
const CONTROLLERS_NOT_YET_TRANSLATING_ONLY: string[] = [];

/**
 * Casts on event data that stay, each on a layer that handles any event as raw JSON. Everything
 * else reads typed data: a workflow node through nodeCommands() (src/workflows/node-commands.ts),
 * other code through isEvent()/storedEvent() (src/event-store/stored-event.ts). A new cast fails
 * this test; a cast removed but left here fails it too, so the list only shrinks.
 */
const CASTS_ON_EVENT_DATA = [
  // seals the personal fields of any event type by name
  'src/privacy/encrypting-event-store.ts: const data = event.data as Record<string, unknown>;',
  // collects the addresses any event of a forgotten family may hold
  'src/privacy/forget-family/forget-family.service.ts: const d = e.data as { email?: unknown; application?: ' +
    '{ parentEmail?: unknown; studentEmail?: unknown } };',
];

describe('dependency rules', () => {
  it('finds what the rules are about', () => {
    expect(production.filter(isDecider).length).toBeGreaterThan(8);
    expect(production.filter(isController).length).toBeGreaterThan(20);
    expect(production.filter(isCommandHandler).length).toBeGreaterThan(15);
  });

  it('deciders, and every file they import, use no framework, no I/O and no clock', () => {
    const offenders = production
      .filter(isDecider)
      .flatMap((decider) =>
        graph
          .reachable(decider)
          .flatMap((f) => [
            ...f.imports
              .filter((i) => !i.target && !PURE_PACKAGES.includes(i.specifier))
              .map((i) => `${decider.rel}: ${f.rel} imports ${i.specifier}`),
            ...f.imports
              .filter((i) => i.target?.rel === 'src/shared/clock.ts')
              .map(() => `${decider.rel}: ${f.rel} imports the clock`),
            ...(/\bDate\.now\(\)|new Date\(\)/.test(f.code) ? [`${decider.rel}: ${f.rel} reads the time`] : []),
          ]),
      );
    expect([...new Set(offenders)]).toEqual([]);
  });

  it('controllers import no decider and no EntityManager (none beyond the known ones, which only shrink)', () => {
    const offenders = production
      .filter(isController)
      .flatMap((c) => [
        ...c.imports.filter((i) => i.target && isDecider(i.target)).map((i) => `${c.rel} imports ${i.target!.rel}`),
        ...(/\bEntityManager\b/.test(c.code) ? [`${c.rel} uses EntityManager`] : []),
      ]);
    expect(offenders).toEqual(CONTROLLERS_NOT_YET_TRANSLATING_ONLY);
  });

  it('controllers run no command themselves: none uses the CommandExecutor (they send commands on the bus)', () => {
    const offenders = production
      .filter(isController)
      .filter((c) => /\bCommandExecutor\b/.test(c.code))
      .map((c) => c.rel);
    expect(offenders).toEqual([]);
  });

  it('shared/ and event-store/ import no feature module', () => {
    const offenders = production
      .filter((f) => PLATFORM.includes(moduleOf(f) ?? ''))
      .flatMap((f) =>
        f.imports
          .filter((i) => i.target?.rel.startsWith('src/'))
          .filter((i) => ![...PLATFORM, ...BELOW_PLATFORM].includes(moduleOf(i.target!)!))
          .map((i) => `${f.rel} imports ${i.target!.rel}`),
      );
    expect(offenders).toEqual([]);
  });

  it('projections import no command handler and no controller', () => {
    const offenders = production
      .filter((f) => f.rel.startsWith('projections/'))
      .flatMap((f) =>
        f.imports
          .filter((i) => i.target && (isCommandHandler(i.target) || isController(i.target)))
          .map((i) => `${f.rel} imports ${i.target!.rel}`),
      );
    expect(offenders).toEqual([]);
  });

  it('no import cycles (imports that stay at run time)', () => {
    expect(graph.cycles().map((cycle) => cycle.map((f) => f.rel).join(' -> '))).toEqual([]);
  });

  it('every decider has a spec written with DeciderSpecification, and no spec folds or decides by hand', () => {
    const specs = graph.files.filter((f) => f.isSpec);
    const unspecified = production.filter(isDecider).flatMap((d) =>
      [...d.code.matchAll(/^export const (\w+)\s*:\s*Decider</gm)]
        .map((m) => m[1])
        .filter((name) => !specs.some((s) => s.code.includes(`DeciderSpecification.for(${name})`)))
        .map((name) => `${name} (${d.rel})`),
    );
    expect(unspecified).toEqual([]);
    expect(specs.filter((s) => /\w+Decider\.(decide|evolve|initialState)\b/.test(s.code)).map((s) => s.rel)).toEqual(
      [],
    );
  });

  it('the code names only documents that are in the repository', () => {
    const everything = importGraph(ROOT, ['src', 'projections', 'test', 'migrations', 'bench']).files;
    const missing = everything.flatMap((f) =>
      [...f.text.matchAll(/[\w./-]+\.md\b/g)]
        .map((m) => m[0])
        .filter((doc) => !existsSync(path.join(ROOT, doc)) && !existsSync(path.resolve(ROOT, path.dirname(f.rel), doc)))
        .map((doc) => `${f.rel} names ${doc}`),
    );
    expect(missing).toEqual([]);
  });

  it('event data is read typed: no cast on it beyond the raw-JSON layers listed', () => {
    const cast = /\.data as\b|\bas unknown as [\w<>[\]' |]+\)\??\.data\b/;
    const casts = graph.files
      .filter((f) => f.rel.startsWith('src/') || f.rel.startsWith('projections/'))
      .flatMap((f) => f.code.split('\n').flatMap((line) => (cast.test(line) ? [`${f.rel}: ${line.trim()}`] : [])));
    expect(casts).toEqual(CASTS_ON_EVENT_DATA);
  });

  it('production code does not import tests, benchmarks or console.log', () => {
    const offenders = production.flatMap((f) => [
      ...f.imports
        .filter((i) => /(^|\/)(test|bench)\//.test(i.specifier))
        .map((i) => `${f.rel} imports ${i.specifier}`),
      ...(/console\.log/.test(f.text) ? [`${f.rel} uses console.log`] : []),
    ]);
    expect(offenders).toEqual([]);
  });
});

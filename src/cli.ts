import 'reflect-metadata';
import { createApp } from './app.factory';
import { runExport, runVerify, UsageError } from './audit/audit-cli';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { migrate } from './database/orm.config';
import { ProgressBar } from './subscriptions/progress-bar';
import { SubscriptionsService } from './subscriptions/subscriptions.service';

const USAGE = `usage: npm run cli -- <command>

  migrate                     apply pending database migrations
  projections                 list projections and sagas: checkpoint, status, lag, parked events
  rebuild [projection ...]    replay the whole log into fresh copies of the read models (all projections when
                              none is named) while the live ones keep serving, swap them in, and report rows that
                              differed from the replaced model (exit status 3 when any did)
  export [--stream id] [--type t] [--correlation id] [--actor id] [--from instant] [--to instant] \
[--after position] [--out file]
                              the log (or the filtered part) as NDJSON, to stdout or the file, with progress on stderr
  verify [--file export.ndjson]
                              check every hash chain and the global order of the log, or of an export file offline;
                              names the first broken event (exit 1), or the first malformed line of a file (exit 65)

The database is DATABASE_URL, or the embedded one in DATA_DIR (shared with a running app).`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 64;
  }
  if (!['migrate', 'projections', 'rebuild', 'export', 'verify'].includes(command)) {
    process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
    return 64;
  }
  // An export file is verified offline: no database.
  if (command === 'verify' && args.some((a) => a.startsWith('--file'))) return runVerify(null, args, out);
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  let embedded: EmbeddedDatabase | undefined;
  const databaseUrl =
    config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, attach: true })).url;
  try {
    if (command === 'migrate') {
      const applied = await migrate(databaseUrl);
      out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      return 0;
    }
    const app = await createApp({ config, databaseUrl, subscriptions: { enabled: false } });
    try {
      if (command === 'export') return await runExport(app, args, out);
      if (command === 'verify') return await runVerify(async () => app, args, out);
      const subscriptions = app.get(SubscriptionsService);
      if (command === 'projections') {
        for (const s of await subscriptions.statuses()) {
          out(
            `${s.name.padEnd(32)} ${s.kind.padEnd(10)} checkpoint ${String(s.checkpoint).padEnd(16)} lag ` +
              `${s.lagSeconds.toFixed(1)}s  parked ${s.parked}`,
          );
        }
        return 0;
      }
      // A rebuild fills fresh tables and swaps them in while the app keeps serving, so it may run next to it.
      const projections = (await subscriptions.statuses()).filter((s) => s.kind === 'projection').map((s) => s.name);
      const unknown = args.filter((a) => !projections.includes(a));
      if (unknown.length) {
        process.stderr.write(`unknown projection(s): ${unknown.join(', ')}; known: ${projections.join(', ')}\n`);
        return 64;
      }
      let differing = 0;
      for (const name of args.length ? args : projections) {
        const bar = new ProgressBar(name, process.stderr);
        const report = await subscriptions.rebuild(name, (p) => bar.update(p));
        bar.finish();
        out(
          `${name}: rebuilt from ${report.events} events in ${(report.milliseconds / 1000).toFixed(2)} s ` +
            `(${report.eventsPerSecond.toLocaleString('en-CA')} events/s), ` +
            `swapped in at position ${report.position}`,
        );
        for (const d of report.differences) {
          const n = d.changed + d.onlyLive + d.onlyRebuilt;
          if (n === 0) {
            out(`  ${d.table}: ${d.rebuiltRows} rows, identical to the replaced model`);
            continue;
          }
          differing++;
          out(
            `  ${d.table}: ${n} rows differed from the replaced model (${d.changed} changed, ` +
              `${d.onlyLive} only in the old, ${d.onlyRebuilt} only in the rebuilt); first keys:`,
          );
          for (const k of d.sampleKeys) out(`    ${k.key} (${k.difference})`);
        }
        for (const f of report.failed)
          out(`  could not apply ${f.type} at ${f.position} (${f.eventId}): ${f.error}; parked`);
      }
      if (differing) return 3;
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(64);
    }
    process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(err instanceof ConfigError ? 78 : 1);
  });

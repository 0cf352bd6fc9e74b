import { INestApplicationContext } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { VerifyReport } from '../event-store/chain-verifier';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { parseInstant } from './audit-event';
import { AuditLogService } from './audit-log.service';
import { ExportFileError, exportLog, ExportOptions, verifyExportFile } from './log-export';

/** A mistake on the command line: exit code 64, message on stderr. */
export class UsageError extends Error {}

const FLAGS: Record<string, keyof ExportOptions | 'out' | 'file'> = {
  '--stream': 'streamId',
  '--type': 'type',
  '--correlation': 'correlationId',
  '--actor': 'actorId',
  '--from': 'from',
  '--to': 'to',
  '--after': 'after',
  '--out': 'out',
  '--file': 'file',
};

export function parseFlags(args: readonly string[], allowed: readonly string[]): Partial<Record<string, string>> {
  const flags: Partial<Record<string, string>> = {};
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!allowed.includes(flag)) throw new UsageError(`unknown option ${flag}; expected one of ${allowed.join(', ')}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    flags[FLAGS[flag]] = value;
  }
  return flags;
}

function exportOptions(flags: Partial<Record<string, string>>): ExportOptions {
  const options: ExportOptions = {};
  for (const key of ['streamId', 'type', 'correlationId', 'actorId'] as const) if (flags[key] !== undefined) options[key] = flags[key];
  for (const key of ['from', 'to'] as const) {
    if (flags[key] === undefined) continue;
    const d = parseInstant(flags[key]!);
    if (!d) throw new UsageError(`--${key} must be an ISO 8601 instant with its offset`);
    options[key] = d.toISOString();
  }
  if (flags.after !== undefined) {
    if (!/^\d{1,16}$/.test(flags.after)) throw new UsageError('--after must be a global position');
    options.after = Number(flags.after);
  }
  return options;
}

/** A progress line on stderr, at most a few times a second. */
export function progress(label: string): { tick(events: number): void; done(events: number): void } {
  const started = Date.now();
  let shown = 0;
  const line = (events: number) => {
    const rate = Math.round(events / Math.max((Date.now() - started) / 1000, 0.001));
    process.stderr.write(`\r${label}: ${events.toLocaleString('en-CA')} events, ${rate.toLocaleString('en-CA')} events/s   `);
  };
  return {
    tick(events) {
      if (Date.now() - shown < 250) return;
      shown = Date.now();
      line(events);
    },
    done(events) {
      line(events);
      process.stderr.write('\n');
    },
  };
}

export const EXPORT_FLAGS = ['--stream', '--type', '--correlation', '--actor', '--from', '--to', '--after', '--out'];

/** `export [filters] [--out file]`: NDJSON on stdout or into the file. */
export async function runExport(app: INestApplicationContext, args: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = parseFlags(args, EXPORT_FLAGS);
  const options = exportOptions(flags);
  const target = flags.out ? createWriteStream(flags.out) : process.stdout;
  const shown = progress('export');
  const result = await exportLog(app.get<EventStore>(EVENT_STORE), options, target, (n) => shown.tick(n));
  shown.done(result.events);
  if (flags.out) {
    target.end();
    await finished(target);
    out(`exported ${result.events} events to ${flags.out} in ${(result.milliseconds / 1000).toFixed(2)} s`);
  }
  return 0;
}

/** `verify`: the live log; `verify --file export.ndjson`: an export, offline. Exit 1 when broken. */
export async function runVerify(
  app: (() => Promise<INestApplicationContext>) | null,
  args: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const flags = parseFlags(args, ['--file']);
  const shown = progress('verify');
  let report: VerifyReport;
  if (flags.file) {
    try {
      report = await verifyExportFile(flags.file, (n) => shown.tick(n));
    } catch (err) {
      process.stderr.write('\n');
      if (err instanceof ExportFileError) {
        process.stderr.write(`${flags.file}: ${err.message}\n`);
        return 65;
      }
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
        process.stderr.write(`${flags.file}: cannot be read (${code})\n`);
        return 66;
      }
      throw err;
    }
  } else {
    if (!app) throw new UsageError('no database to verify');
    report = await (await app()).get(AuditLogService).verify((n) => shown.tick(n));
  }
  shown.done(report.eventsChecked);
  if (report.ok) {
    out(`ok: ${report.eventsChecked} events in ${report.streams} streams; every chain and the global order verified`);
    return 0;
  }
  const b = report.firstBroken!;
  out(
    `BROKEN${b.line !== undefined ? ` at line ${b.line}` : ''}: event ${b.eventId} (${b.type}) of stream ${b.streamId} ` +
      `at stream position ${b.streamPosition}, global position ${b.position}: ${b.reason}`,
  );
  out(`${report.eventsChecked} events verified before it`);
  return 1;
}

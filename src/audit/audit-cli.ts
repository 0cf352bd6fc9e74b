import { INestApplicationContext } from '@nestjs/common';
import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { VerifyReport } from '../event-store/chain-verifier';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { parseInstant, parseTypes } from './audit-event';
import { AuditLogService } from './audit-log.service';
import { headProblem, LogHead } from '../event-store/log-head';
import { ExportFileError, exportLog, ExportOptions, PartialExportHeadError, verifyExportFile } from './log-export';

/** A mistake on the command line: exit code 64, message on stderr. */
export class UsageError extends Error {}

const FLAGS: Record<string, string> = {
  '--stream': 'streamId',
  '--type': 'type',
  '--correlation': 'correlationId',
  '--actor': 'actorId',
  '--from': 'from',
  '--to': 'to',
  '--after': 'after',
  '--out': 'out',
  '--file': 'file',
  '--head': 'head',
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
  for (const key of ['streamId', 'correlationId', 'actorId'] as const)
    if (flags[key] !== undefined) options[key] = flags[key];
  if (flags.type !== undefined) {
    const types = parseTypes(flags.type);
    if (!types) throw new UsageError('--type takes one event type or several separated by commas (docs/events.md)');
    options.types = types;
  }
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
    process.stderr.write(
      `\r${label}: ${events.toLocaleString('en-CA')} events, ${rate.toLocaleString('en-CA')} events/s   `,
    );
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
export async function runExport(
  app: INestApplicationContext,
  args: readonly string[],
  out: (line: string) => void,
): Promise<number> {
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
  if (result.events === 0 && Object.keys(options).length > 0) {
    process.stderr.write('no event matched the filter (event types are listed in docs/events.md)\n');
  }
  return 0;
}

/** `--head`: a head as JSON text, or a file holding one (GET /api/v1/audit/head, or an export's closing line). */
export function readKeptHead(arg: string): LogHead {
  let text = arg;
  if (!arg.trim().startsWith('{')) {
    try {
      text = readFileSync(arg, 'utf8');
    } catch (err) {
      throw new UsageError(`--head ${arg}: cannot be read (${(err as { code?: string }).code ?? 'error'})`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--head is not JSON');
  }
  // An export's closing line holds the head under "head".
  const head = value && typeof value === 'object' && 'head' in value ? (value as { head: unknown }).head : value;
  const problem = headProblem(head);
  if (problem) throw new UsageError(`--head: ${problem}`);
  const h = head as LogHead;
  return { position: h.position, events: h.events, streams: h.streams, digest: h.digest };
}

/** What was verified, in words: whole chains, or parts anchored on their recorded previous hashes. */
function summary(report: VerifyReport): string {
  const base = `ok: ${report.eventsChecked} events in ${report.streams} streams`;
  const scope =
    report.partialStreams > 0
      ? `; a partial log: ${report.streams - report.partialStreams} chains checked from their first event, ` +
        `${report.partialStreams} only from where the file starts them or across gaps the filter left (anchored on ` +
        `their recorded prevHash)`
      : report.head
        ? '; every chain verified from its first event, and the global order'
        : '; every chain in the file verified from its first event, and the global order (a filtered file: ' +
          'other events are not in it)';
  const head = report.head ? `\nhead: ${JSON.stringify(report.head)}` : '';
  const kept = report.headCheck ? `\nthe kept head at position ${report.headCheck.kept.position} matches` : '';
  return base + scope + kept + head;
}

/** `verify`: the live log; `verify --file export.ndjson`: an export, offline. Exit 1 when broken. */
export async function runVerify(
  app: (() => Promise<INestApplicationContext>) | null,
  args: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const flags = parseFlags(args, ['--file', '--head']);
  const kept = flags.head !== undefined ? readKeptHead(flags.head) : undefined;
  const shown = progress('verify');
  let report: VerifyReport;
  if (flags.file) {
    try {
      report = await verifyExportFile(flags.file, (n) => shown.tick(n), kept);
    } catch (err) {
      process.stderr.write('\n');
      if (err instanceof PartialExportHeadError) throw new UsageError(err.message);
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
    report = await (await app()).get(AuditLogService).verify((n) => shown.tick(n), kept);
  }
  shown.done(report.eventsChecked);
  if (report.ok) {
    out(summary(report));
    return 0;
  }
  if (!report.firstBroken && report.headCheck) {
    out(`BROKEN against the kept head: ${report.headCheck.reason}`);
    out(
      `${report.eventsChecked} events verified; every chain holds, ` +
        'but the log no longer holds what the head vouched for',
    );
    return 1;
  }
  const b = report.firstBroken!;
  out(
    `BROKEN${b.line !== undefined ? ` at line ${b.line}` : ''}: event ${b.eventId} (${b.type}) ` +
      `of stream ${b.streamId} at stream position ${b.streamPosition}, global position ${b.position}: ${b.reason}`,
  );
  out(`${report.eventsChecked} events verified before it`);
  return 1;
}

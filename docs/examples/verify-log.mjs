#!/usr/bin/env node
// A reference verifier for an export of the Cedar Heights event log, written from docs/audit.md
// alone: plain Node.js, no dependencies.
//
//   node verify-log.mjs export.ndjson [--head head.json | --head '{"position":…}']
//
// Exit codes: 0 verified; 1 a chain, the order or the head does not hold; 64 bad usage;
// 65 the file is not a well-formed export; 66 the file cannot be read.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const utf8 = (s) => Buffer.from(s, 'utf8');

/** Scheme 2: RFC 8785 (JCS). Keys sorted by UTF-16 code units (JavaScript's default sort). */
function jcs(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`)
    .join(',')}}`;
}

/** Scheme 1: PostgreSQL's jsonb text (docs/audit.md §1). */
function canonical(v) {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(', ')}]`;
  const keys = Object.keys(v).sort((a, b) => utf8(a).length - utf8(b).length || Buffer.compare(utf8(a), utf8(b)));
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${canonical(v[k])}`).join(', ')}}`;
}

/** Shortest round-trip decimal, written out without an exponent. */
function plainNumber(n) {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const [whole, fraction = ''] = s.slice(sign.length, e).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(s.slice(e + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const eventHash = (e, prevHash) => {
  const fields = [e.streamId, e.streamPosition, e.eventId, e.type, e.data ?? null, e.metadata, prevHash];
  const scheme = e.hashScheme ?? 1;
  if (scheme !== 1 && scheme !== 2) throw new Malformed(`event ${e.eventId}: unknown hashScheme ${scheme}`);
  return sha256(scheme === 2 ? jcs(fields) : canonical(fields));
};

/** docs/audit.md §2: SHA-256 over each stream's last hash, sorted, one per line. */
const digestOf = (lastHashes) =>
  sha256(
    [...lastHashes]
      .sort()
      .map((h) => `${h}\n`)
      .join(''),
  );

class Malformed extends Error {}

function parseArgs(argv) {
  const [file, ...rest] = argv;
  if (!file || file.startsWith('--')) throw new Malformed('usage');
  let head = null;
  for (let i = 0; i < rest.length; i += 1) {
    if (rest[i] !== '--head' || rest[i + 1] === undefined) throw new Malformed('usage');
    const text = rest[++i];
    head = JSON.parse(text.trim().startsWith('{') ? text : readFileSync(text, 'utf8'));
  }
  return { file, head };
}

async function verify(file, kept) {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const streams = new Map(); // streamId -> { next, hash }
  let header = null;
  let lineNo = 0;
  let lastPosition = -Infinity;
  let count = 0;
  let closing = null;
  let keptAt = null; // { events, streams, digest } of the log up to the kept head's position
  const snapshot = () => ({
    events: count,
    streams: streams.size,
    digest: digestOf([...streams.values()].map((s) => s.hash)),
  });
  const broken = (reason) => ({ ok: false, line: lineNo, reason });

  for await (const text of lines) {
    lineNo += 1;
    if (closing) {
      if (text.trim() !== '') throw new Malformed(`line ${lineNo}: text after the closing line`);
      continue;
    }
    let v;
    try {
      v = JSON.parse(text);
    } catch {
      throw new Malformed(`line ${lineNo}: not JSON`);
    }
    if (!header) {
      if (v.format !== 'cedar-heights-event-log' || v.version !== 1)
        throw new Malformed('line 1: not an export header');
      header = v;
      if (kept && (header.filter !== null || (header.after ?? 0) > 0))
        throw new Malformed('usage: a kept head can only be checked against a whole export');
      continue;
    }
    if (v.end === true) {
      closing = v;
      continue;
    }
    if (!Number.isSafeInteger(v.position) || typeof v.hash !== 'string')
      throw new Malformed(`line ${lineNo}: not an event`);
    if (kept && !keptAt && v.position > kept.position) keptAt = snapshot();
    if (!(v.position > lastPosition)) return broken('global positions do not increase');
    lastPosition = v.position;
    const partial = header.filter !== null || (header.after ?? 0) > 0;
    const seen = streams.get(v.streamId);
    let prev;
    if (seen && v.streamPosition === seen.next) prev = seen.hash;
    else if (!seen && v.streamPosition === 0) prev = null;
    else if (partial && (!seen || v.streamPosition > seen.next))
      prev = v.prevHash; // a filtered export: anchored on the recorded prevHash
    else return broken(`stream ${v.streamId}: position ${v.streamPosition} where ${seen ? seen.next : 0} was expected`);
    if (v.prevHash !== prev) return broken(`stream ${v.streamId}: prevHash is not the previous event's hash`);
    if (eventHash(v, prev) !== v.hash) return broken(`event ${v.eventId}: hash does not match its content`);
    streams.set(v.streamId, { next: v.streamPosition + 1, hash: v.hash });
    count += 1;
  }
  if (!header) throw new Malformed('empty file');
  if (!closing) throw new Malformed('no closing line: the file was cut short');
  if (closing.events !== count)
    throw new Malformed(`the closing line counts ${closing.events} events, the file holds ${count}`);
  const whole = snapshot();
  if (closing.head) {
    for (const k of ['events', 'streams', 'digest']) {
      if (closing.head[k] !== whole[k])
        throw new Malformed(`the closing line's head (${k}) does not match the events of the file`);
    }
  }
  if (kept) {
    keptAt ??= whole;
    for (const k of ['events', 'streams', 'digest']) {
      if (kept[k] !== keptAt[k])
        return broken(
          `up to position ${kept.position} the file has ${k} ${keptAt[k]}, the kept head ${kept[k]}: events were removed or altered`,
        );
    }
  }
  return {
    ok: true,
    events: count,
    streams: streams.size,
    head: { position: lastPosition === -Infinity ? 0 : lastPosition, ...whole },
  };
}

try {
  const { file, head } = parseArgs(process.argv.slice(2));
  if (!existsSync(file)) {
    console.error(`${file}: cannot be read`);
    process.exit(66);
  }
  const result = await verify(file, head);
  if (result.ok) {
    console.log(`ok: ${result.events} events in ${result.streams} streams; head ${JSON.stringify(result.head)}`);
    process.exit(0);
  }
  console.log(`BROKEN at line ${result.line}: ${result.reason}`);
  process.exit(1);
} catch (err) {
  if (err instanceof Malformed && err.message.startsWith('usage')) {
    console.error(`${err.message}\nusage: node verify-log.mjs export.ndjson [--head head.json]`);
    process.exit(64);
  }
  console.error(`malformed: ${err.message}`);
  process.exit(err instanceof SyntaxError ? 64 : 65);
}

import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { EMAIL_OUTBOX_UP_SQL } from '../../migrations/Migration20261122000400Outbox';
import { migrate } from '../../src/database/orm.config';

/**
 * Migrates the database, then creates the outbox table itself while the migration is not yet
 * listed in migrations/index.ts (once it is, migrate() has already made it).
 */
export async function migrateWithOutbox(url: string): Promise<void> {
  await migrate(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ exists }] = (await client.query("SELECT to_regclass('email_outbox') IS NOT NULL AS exists")).rows;
    if (!exists) await client.query(EMAIL_OUTBOX_UP_SQL);
  } finally {
    await client.end();
  }
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a captured JSON body, read field by field
  body: any;
}

export interface StandInReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SendGridStandIn {
  url: string;
  received: ReceivedRequest[];
  /** answers the next requests in order, then 202 again */
  queue(...replies: StandInReply[]): void;
  /** pause before every answer, so concurrent senders overlap */
  delayMs: number;
  close(): Promise<void>;
}

/** A local HTTP server standing in for SendGrid's POST /v3/mail/send (202 with X-Message-Id by default). */
export async function startSendGridStandIn(): Promise<SendGridStandIn> {
  const received: ReceivedRequest[] = [];
  const replies: StandInReply[] = [];
  let counter = 0;
  const standIn: Omit<SendGridStandIn, 'url' | 'close'> = { received, queue: (...r) => replies.push(...r), delayMs: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : null,
      });
      const isSend = req.method === 'POST' && req.url === '/v3/mail/send';
      const reply: StandInReply = isSend
        ? (replies.shift() ?? { status: 202, headers: { 'X-Message-Id': `msg-${++counter}` } })
        : { status: 404, body: { errors: [{ message: 'not found', field: null }] } };
      setTimeout(() => {
        res.writeHead(reply.status, {
          ...(reply.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...reply.headers,
        });
        res.end(reply.body !== undefined ? JSON.stringify(reply.body) : '');
      }, standIn.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  }) as SendGridStandIn;
}

export const lesson = {
  studentName: 'Ada Lovelace',
  teacherName: 'Clara Schumann',
  instrument: 'piano',
  startsAt: '2026-11-02T20:00:00Z',
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The rendered emails' time zone and signature, as the rendering tests write them out. */
export const HALIFAX = 'America/Halifax';
export const SIGNATURE = 'Cedar Heights Music Academy\nQuestions? Reply to this email or call the front desk.\n';
const SIGNATURE_HTML =
  '<p style="color:#555">Cedar Heights Music Academy<br>Questions? Reply to this email or call the front desk.</p>\n</body></html>\n';
export const html = (...paragraphs: string[]) =>
  `<!doctype html>\n<html><body>\n${paragraphs.join('\n')}\n${SIGNATURE_HTML}`;

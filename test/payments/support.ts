import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { PAYMENT_GATEWAY_SIMULATOR_UP_SQL } from '../../migrations/Migration20261122000600PaymentGateway';
import { migrate } from '../../src/database/orm.config';

/**
 * Migrates the database, then creates the simulator's table itself while the migration is not
 * yet listed in migrations/index.ts (once it is, migrate() has already made it).
 */
export async function migrateWithPaymentGateway(url: string): Promise<void> {
  await migrate(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ exists }] = (await client.query("SELECT to_regclass('payment_gateway_simulator') IS NOT NULL AS exists"))
      .rows;
    if (!exists) await client.query(PAYMENT_GATEWAY_SIMULATOR_UP_SQL);
  } finally {
    await client.end();
  }
}

export interface StripeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** the form-encoded body, raw */
  raw: string;
  /** the same, decoded: nested fields keep Stripe's bracket names (metadata[family_id]) */
  form: Record<string, string>;
}

export interface StripeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StripeStandIn {
  /** http://127.0.0.1:<port>, for STRIPE_API_URL */
  url: string;
  received: StripeRequest[];
  /** answers the next requests in order, then the stand-in's own answers again */
  queue(...replies: StripeReply[]): void;
  close(): Promise<void>;
}

/**
 * A local HTTP server speaking the Stripe endpoints the gateway calls: POST /v1/customers,
 * POST /v1/payment_methods/:id/attach, POST /v1/customers/:id, POST /v1/payment_intents (confirmed
 * at once; pm_card_chargeDeclined declines with a 402) and POST /v1/refunds. A test id such as
 * pm_card_visa attaches as a new payment method, as on Stripe.
 */
export async function startStripeStandIn(): Promise<StripeStandIn> {
  const received: StripeRequest[] = [];
  const replies: StripeReply[] = [];
  let counter = 0;
  const answer = (method: string, path: string, form: Record<string, string>): StripeReply => {
    if (method !== 'POST') return notFound(path);
    if (path === '/v1/customers') {
      const metadata = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
      );
      return ok({ id: `cus_test${++counter}`, object: 'customer', email: form.email, name: form.name, metadata });
    }
    const attach = /^\/v1\/payment_methods\/([^/]+)\/attach$/.exec(path);
    if (attach) {
      const id = decodeURIComponent(attach[1]);
      return ok({
        id: id.startsWith('pm_card_') ? `pm_test${++counter}` : id,
        object: 'payment_method',
        type: 'card',
        customer: form.customer,
        card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 },
      });
    }
    if (path === '/v1/payment_intents') {
      const id = `pi_test${++counter}`;
      const metadata = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice('metadata['.length, -1), v]),
      );
      const intent = {
        id,
        object: 'payment_intent',
        amount: Number(form.amount),
        currency: form.currency,
        customer: form.customer ?? null,
        payment_method: form.payment_method,
        metadata,
      };
      if (form.payment_method === 'pm_card_chargeDeclined') {
        return {
          status: 402,
          body: {
            error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: 'generic_decline',
              message: 'Your card was declined.',
              payment_intent: { ...intent, status: 'requires_payment_method' },
            },
          },
        };
      }
      return ok({ ...intent, status: 'succeeded', latest_charge: `ch_test${counter}` });
    }
    if (path === '/v1/refunds') {
      return ok({
        id: `re_test${++counter}`,
        object: 'refund',
        amount: Number(form.amount),
        payment_intent: form.payment_intent,
        status: 'succeeded',
        metadata: {},
      });
    }
    const customer = /^\/v1\/customers\/([^/]+)$/.exec(path);
    if (customer) {
      return ok({
        id: decodeURIComponent(customer[1]),
        object: 'customer',
        invoice_settings: { default_payment_method: form['invoice_settings[default_payment_method]'] ?? null },
      });
    }
    return notFound(path);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const form = Object.fromEntries(new URLSearchParams(raw));
      const method = req.method ?? '';
      const path = req.url ?? '';
      received.push({ method, path, headers: req.headers, raw, form });
      const reply = replies.shift() ?? answer(method, path, form);
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'Request-Id': `req_${received.length}`,
        ...reply.headers,
      });
      res.end(reply.body !== undefined ? JSON.stringify(reply.body) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    queue: (...r) => replies.push(...r),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

const ok = (body: unknown): StripeReply => ({ status: 200, body });
const notFound = (path: string): StripeReply => ({
  status: 404,
  body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (POST: ${path})` } },
});

import { EntityManager } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MAIL_PORT, MailPort, MailSendError } from './mail.port';
import { queryRows } from '../database/select-rows';

export interface OutboxWorkerOptions {
  /** false: this process sends nothing (the CLI, some tests); drain() still works */
  enabled: boolean;
  pollIntervalMs: number;
  batchSize: number;
  /** attempts before a row that keeps hitting 429/5xx/network errors is marked failed */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** a row in 'sending' for longer (its worker crashed) is due again */
  leaseMs: number;
}

export const OUTBOX_WORKER_OPTIONS = Symbol('OUTBOX_WORKER_OPTIONS');

export const DEFAULT_OUTBOX_WORKER_OPTIONS: OutboxWorkerOptions = {
  enabled: true,
  pollIntervalMs: 500,
  batchSize: 20,
  maxAttempts: 6,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
};

interface ClaimedRow {
  id: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

/**
 * Sends what the outbox holds. Rows are claimed (status 'sending', a lease in next_attempt_at)
 * by one statement with FOR UPDATE SKIP LOCKED, so instances never claim the same row; every
 * later update names the attempt it belongs to, so a worker whose lease ran out cannot
 * overwrite the outcome of the one that took the row over. All times are the database's, the
 * one clock every instance shares.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private stopping = false;
  private loop: Promise<void> | null = null;
  private current: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | null = null;
  /** outcomes of attempts waiting for their statement (see finish) */
  private readonly outcomes: { row: ClaimedRow; outcome: Outcome; done: () => void; fail: (e: unknown) => void }[] = [];
  private writingOutcomes: Promise<void> | null = null;

  constructor(
    private readonly em: EntityManager,
    @Inject(MAIL_PORT) private readonly mailer: MailPort,
    @Inject(OUTBOX_WORKER_OPTIONS) private readonly options: OutboxWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    this.logger.log(`sending emails through ${this.mailer.name}`);
    this.loop = this.run();
  }

  /** Before MikroORM closes (in its onApplicationShutdown): no send may outlive its database. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.current;
  }

  /** Sends every due row, batch after batch; passes of one instance run one after another. Returns rows handled. */
  drain(): Promise<number> {
    const pass = this.current.then(() => this.drainNow());
    this.current = pass.catch(() => undefined);
    return pass;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.drain();
      } catch (error) {
        this.logger.error(`outbox pass failed: ${(error as Error).message}`);
      }
      await this.pause(this.options.pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async drainNow(): Promise<number> {
    let handled = 0;
    while (!this.stopping) {
      const rows = await this.claim();
      // Every send of the pass ends before the pass does (a shutdown waits for them), even when
      // the statement recording some outcomes failed.
      const delivered = await Promise.allSettled(rows.map((row) => this.deliver(row)));
      const failed = delivered.find((d) => d.status === 'rejected');
      if (failed) throw failed.reason;
      handled += rows.length;
      if (rows.length < this.options.batchSize) break;
    }
    return handled;
  }

  private claim(): Promise<ClaimedRow[]> {
    return queryRows<ClaimedRow>(
      this.em,
      `UPDATE email_outbox o
          SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + ?::int * interval '1 millisecond'
         FROM (SELECT id FROM email_outbox
                WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED) due
        WHERE o.id = due.id
      RETURNING o.id, o.recipient, o.subject, o.text_body, o.html_body, o.attempts`,
      [this.options.leaseMs, this.options.batchSize],
    );
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    // Only a crash mid-send gets a row here past its last attempt.
    if (row.attempts > this.options.maxAttempts) {
      await this.finish(row, { status: 'failed', error: 'gave up: the worker stopped during the last attempt' });
      return;
    }
    let outcome: Outcome;
    try {
      const sent = await this.mailer.send({
        outboxId: row.id,
        to: row.recipient,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
      });
      outcome =
        sent.status === 'sent'
          ? { status: 'sent', providerMessageId: sent.providerMessageId }
          : { status: 'delivered_locally' };
    } catch (error) {
      const e =
        error instanceof MailSendError ? error : new MailSendError((error as Error)?.message ?? String(error), true);
      if (e.retryable && row.attempts < this.options.maxAttempts) {
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (row.attempts - 1));
        this.logger.warn(`email ${row.id}: attempt ${row.attempts} failed, retrying in ${delay} ms: ${e.message}`);
        outcome = { status: 'pending', error: e.message, retryInMs: delay };
      } else {
        this.logger.error(`email ${row.id} failed after ${row.attempts} attempt(s): ${e.message}`);
        outcome = { status: 'failed', error: e.message };
      }
    }
    // Outside the send's try: a sent email whose outcome could not be written is not a failed
    // send to try again at once; its row stays 'sending' until its lease runs out.
    await this.finish(row, outcome);
  }

  /**
   * Records how a row's attempt ended. Outcomes reached in the same turn of the event loop, or
   * while the last ones are being written, are written together by one statement (a pass's
   * rows delivered locally all at once; sends through a provider as each returns).
   */
  private finish(row: ClaimedRow, outcome: Outcome): Promise<void> {
    return new Promise((done, fail) => {
      this.outcomes.push({ row, outcome, done, fail });
      this.writingOutcomes ??= this.writeOutcomes();
    });
  }

  private async writeOutcomes(): Promise<void> {
    await new Promise((turn) => setImmediate(turn));
    while (this.outcomes.length > 0) {
      const batch = this.outcomes.splice(0);
      const column = <T>(f: (o: Outcome) => T | undefined) => batch.map(({ outcome }) => f(outcome) ?? null);
      try {
        // Each row is named with the attempt it belongs to: an attempt whose lease ran out and
        // whose row another worker took over changes nothing.
        await queryRows(
          this.em,
          `UPDATE email_outbox o
              SET status = v.status,
                  sent_at = CASE WHEN v.status IN ('sent', 'delivered_locally') THEN now() ELSE o.sent_at END,
                  provider_message_id = CASE WHEN v.status = 'sent' THEN v.provider_message_id
                                             ELSE o.provider_message_id END,
                  last_error = v.last_error,
                  next_attempt_at = CASE WHEN v.status = 'pending'
                                         THEN now() + v.retry_in_ms * interval '1 millisecond'
                                         ELSE o.next_attempt_at END
             FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[])
                  AS v(id, attempts, status, provider_message_id, last_error, retry_in_ms)
            WHERE o.id = v.id AND o.status = 'sending' AND o.attempts = v.attempts`,
          [
            batch.map(({ row }) => row.id),
            batch.map(({ row }) => row.attempts),
            column((o) => o.status),
            column((o) => (o.status === 'sent' ? o.providerMessageId : null)),
            // (a NUL, which a text column cannot hold, in one message would fail the whole batch)
            column((o) => ('error' in o ? o.error.replace(/\u0000/g, '') : null)),
            column((o) => (o.status === 'pending' ? o.retryInMs : null)),
          ],
        );
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.fail(error);
      }
    }
    this.writingOutcomes = null;
  }
}

/** How one attempt at a row ended: its new status and what goes with it. */
type Outcome =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'delivered_locally' }
  | { status: 'pending'; error: string; retryInMs: number }
  | { status: 'failed'; error: string };

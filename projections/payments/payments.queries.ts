import { EntityManager } from '@mikro-orm/postgresql';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthenticatedUser } from '../../src/identity/auth/auth.decorators';
import { notFound } from '../../src/shared/domain-error';
import { fromCents } from '../../src/shared/money';
import { CursorPart, decodeCursor, keysetPage, Page } from '../paging';
import { Scope, scopeOf } from '../viewer-scope';
import { LedgerEntryRow, PaymentRow } from './payment.entity';

export interface PaymentView {
  id: string;
  studentId: string;
  lessonId: string | null;
  amount: number;
  currency: string;
  description: string;
  status: string;
  attempts: number;
  stripePaymentIntentId?: string;
  receiptSent: boolean;
  refundedAmount: number;
  nextRetryAt: string | null;
  lastError: string | null;
  /**
   * admins only: signed Stripe events that named this payment but did not prove what they would
   * settle (changed nothing)
   */
  webhookRejections?: { count: number; last: string | null };
  requestedAt: string;
  updatedAt: string;
}

export const paymentView = (r: PaymentRow): PaymentView => ({
  id: r.id,
  studentId: r.studentId,
  lessonId: r.lessonId,
  amount: fromCents(r.amountCents),
  currency: r.currency,
  description: r.description,
  status: r.status,
  attempts: r.attempts,
  ...(r.stripePaymentIntentId ? { stripePaymentIntentId: r.stripePaymentIntentId } : {}),
  receiptSent: r.receiptSent,
  refundedAmount: fromCents(r.refundedCents),
  nextRetryAt: r.nextRetryAt?.toISOString() ?? null,
  lastError: r.lastError,
  requestedAt: r.requestedAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Payments are the office's and the family's business: admins see all, a parent their own
 * family's, anyone else (teachers included) none.
 */
export function paymentScope(scope: Scope): Record<string, unknown> {
  if ('all' in scope) return {};
  if ('parentId' in scope) return { parentId: scope.parentId };
  return { id: null };
}

export class ListPayments {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: { studentId?: string; status?: string; limit: number; cursor?: string },
  ) {}
}
export class GetPayment {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly paymentId: string,
  ) {}
}
export class GetLedger {
  constructor(
    readonly viewer: AuthenticatedUser,
    readonly filter: { parentId?: string; studentId?: string; limit: number; cursor?: string },
  ) {}
}

@QueryHandler(ListPayments)
export class ListPaymentsHandler implements IQueryHandler<ListPayments, Page<PaymentView>> {
  constructor(private readonly em: EntityManager) {}

  /** Newest first. */
  async execute({ viewer, filter }: ListPayments): Promise<Page<PaymentView>> {
    const em = this.em.fork();
    const where: Record<string, unknown>[] = [paymentScope(await scopeOf(em, viewer))];
    if (filter.studentId) where.push({ studentId: filter.studentId });
    if (filter.status) where.push({ status: filter.status });
    const after = decodeCursor(filter.cursor, [CursorPart.instant, CursorPart.uuid]);
    if (after)
      where.push({
        $or: [{ requestedAt: { $lt: new Date(after[0]) } }, { requestedAt: new Date(after[0]), id: { $lt: after[1] } }],
      });
    const rows = await em.find(
      PaymentRow,
      { $and: where },
      { orderBy: { requestedAt: 'desc', id: 'desc' }, limit: filter.limit + 1 },
    );
    return keysetPage(rows, filter.limit, (r) => [r.requestedAt.toISOString(), r.id], paymentView);
  }
}

@QueryHandler(GetPayment)
export class GetPaymentHandler implements IQueryHandler<GetPayment, PaymentView> {
  constructor(private readonly em: EntityManager) {}

  async execute({ viewer, paymentId }: GetPayment): Promise<PaymentView> {
    const em = this.em.fork();
    const row = await em.findOne(PaymentRow, { $and: [paymentScope(await scopeOf(em, viewer)), { id: paymentId }] });
    if (!row) throw notFound('PAYMENT_NOT_FOUND', `no payment ${paymentId}`);
    const view = paymentView(row);
    return viewer.role === 'admin'
      ? { ...view, webhookRejections: { count: row.webhookRejections, last: row.lastWebhookRejection } }
      : view;
  }
}

export interface LedgerView extends Page<{
  id: string;
  kind: string;
  paymentId: string;
  refundId: string | null;
  studentId: string;
  amount: number;
  balance: number;
  at: string;
}> {
  /** over every entry the filter selects, not only this page */
  totals: { charged: number; refunded: number; balance: number };
}

@QueryHandler(GetLedger)
export class GetLedgerHandler implements IQueryHandler<GetLedger, LedgerView> {
  constructor(private readonly em: EntityManager) {}

  /** Entries oldest first, with the totals (charged, refunded, balance) of the family or student. */
  async execute({ viewer, filter }: GetLedger): Promise<LedgerView> {
    const em = this.em.fork();
    // Auditors reconcile every family's ledger with the log: its entries are ids, amounts and times.
    const scope: Scope = viewer.role === 'auditor' ? { all: true } : await scopeOf(em, viewer);
    const where: Record<string, unknown>[] = [paymentScope(scope)];
    if (filter.parentId) where.push({ parentId: filter.parentId });
    if (filter.studentId) where.push({ studentId: filter.studentId });
    const sums = await this.totals(em, scope, filter);
    const after = decodeCursor(filter.cursor, [CursorPart.digits]);
    if (after) where.push({ position: { $gt: after[0] } });
    const rows = await em.find(
      LedgerEntryRow,
      { $and: where },
      { orderBy: { position: 'asc' }, limit: filter.limit + 1 },
    );
    const charged = Number(sums.charged);
    const refunded = Number(sums.refunded);
    return {
      ...keysetPage(
        rows,
        filter.limit,
        (r) => [r.position],
        (r) => ({
          id: r.id,
          kind: r.kind,
          paymentId: r.paymentId,
          refundId: r.refundId,
          studentId: r.studentId,
          amount: fromCents(r.amountCents),
          balance: fromCents(Number(r.balanceCents)),
          at: r.at.toISOString(),
        }),
      ),
      totals: { charged: fromCents(charged), refunded: fromCents(refunded), balance: fromCents(charged - refunded) },
    };
  }

  private async totals(
    em: EntityManager,
    scope: Scope,
    filter: GetLedger['filter'],
  ): Promise<{ charged: string; refunded: string }> {
    const conditions: string[] = [];
    const params: string[] = [];
    if ('parentId' in scope) {
      conditions.push('parent_id = ?');
      params.push(scope.parentId);
    } else if (!('all' in scope)) conditions.push('false');
    if (filter.parentId) {
      conditions.push('parent_id = ?');
      params.push(filter.parentId);
    }
    if (filter.studentId) {
      conditions.push('student_id = ?');
      params.push(filter.studentId);
    }
    const [row] = await em.execute<{ charged: string; refunded: string }[]>(
      `SELECT coalesce(sum(amount_cents) FILTER (WHERE kind = 'charge'), 0) AS charged,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'refund'), 0) AS refunded
         FROM ledger_entries ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
      params,
    );
    return row;
  }
}

export const PAYMENT_QUERY_HANDLERS = [ListPaymentsHandler, GetPaymentHandler, GetLedgerHandler];

import { PaymentEvent, PaymentRetryScheduled } from './payment.events';
import { paymentDecider, isHardDecline, retryDelayMs } from './payment.decider';
import { DeciderSpecification } from '../../test/support/decider-specification';
import { decline, due, HOUR, id, policy, requested, scheduleRetry, succeed } from '../../test/support/payment-commands';

const { given } = DeciderSpecification.for(paymentDecider);

describe('payment decider: retrying after a decline', () => {
  describe('pending → failed, with the retry schedule', () => {
    it('a soft decline is retried every 48 h by default, four times, then fails for good', () => {
      let history: PaymentEvent[] = [requested];
      let at = Date.parse('2026-11-01T12:00:00Z');
      const dueTimes: string[] = [];
      for (let attempt = 1; attempt <= 5; attempt++) {
        const failed = given(history).when(decline(attempt), scheduleRetry(attempt, new Date(at).toISOString()));
        history = [...history, ...failed.events];
        const scheduled = failed.events.find((e): e is PaymentRetryScheduled => e.type === 'PaymentRetryScheduled');
        if (!scheduled) {
          expect(attempt).toBe(5);
          expect(failed.events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
          expect(failed.state).toMatchObject({ status: 'failed' });
          break;
        }
        const dueAt = scheduled.data.dueAt;
        dueTimes.push(dueAt);
        // Not yet due an hour early; due at the time.
        given(history)
          .when(due(attempt + 1, new Date(Date.parse(dueAt) - HOUR).toISOString()))
          .then([]);
        const raised = given(history).when(due(attempt + 1, dueAt));
        expect(raised.events).toEqual([{ type: 'PaymentRetryDue', data: { paymentId: id, attempt: attempt + 1 } }]);
        history = [...history, ...raised.events];
        // Raised once, however often the job runs.
        given(history)
          .when(due(attempt + 1, dueAt))
          .then([]);
        at = Date.parse(dueAt);
      }
      expect(dueTimes).toEqual([
        '2026-11-03T12:00:00.000Z',
        '2026-11-05T12:00:00.000Z',
        '2026-11-07T12:00:00.000Z',
        '2026-11-09T12:00:00.000Z',
      ]);
    });

    it('backs off: each wait is the previous times the factor', () => {
      const doubling = { maxRetries: 4, intervalMs: 24 * HOUR, backoff: 2 };
      expect([1, 2, 3, 4].map((n) => retryDelayMs(doubling, n) / HOUR)).toEqual([24, 48, 96, 192]);
      const { events } = given([requested]).when(decline(1), {
        type: 'ScheduleRetry',
        paymentId: id,
        failedAttempt: 1,
        at: '2026-11-01T00:00:00Z',
        policy: doubling,
      });
      expect(events[1]).toEqual({
        type: 'PaymentRetryScheduled',
        data: { paymentId: id, attempt: 2, dueAt: '2026-11-02T00:00:00.000Z' },
      });
    });

    it('no retries configured: the first decline is final', () => {
      const { events } = given([requested]).when(decline(1), {
        type: 'ScheduleRetry',
        paymentId: id,
        failedAttempt: 1,
        at: '2026-11-01T00:00:00Z',
        policy: { ...policy, maxRetries: 0 },
      });
      expect(events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
    });

    it.each(['stolen_card', 'lost_card', 'invalid_account', 'fraudulent'])(
      'a hard decline (%s) stops at once',
      (declineCode) => {
        const { events, state } = given([requested]).when(
          decline(1, declineCode),
          scheduleRetry(1, '2026-11-01T00:00:00Z'),
        );
        expect(events.map((e) => e.type)).toEqual(['PaymentFailed', 'PaymentFinallyFailed']);
        expect(events[0].data).toMatchObject({ hardDecline: true, declineCode });
        expect(state.status).toBe('failed');
      },
    );

    it('classifies declines', () => {
      expect(isHardDecline('card_declined', 'insufficient_funds')).toBe(false);
      expect(isHardDecline('card_declined', 'generic_decline')).toBe(false);
      expect(isHardDecline('gateway_unavailable', null)).toBe(false);
      expect(isHardDecline('invalid_payment_method', null)).toBe(true);
    });

    it('a scheduled retry is not scheduled twice, and nothing is scheduled after a success', () => {
      const first = given([requested]).when(decline(1), scheduleRetry(1, '2026-11-01T00:00:00Z'));
      given([requested, ...first.events])
        .when(scheduleRetry(1, '2026-11-01T01:00:00Z'))
        .then([]);
      const paid = given([requested]).when(succeed(1));
      given([requested, ...paid.events])
        .when(scheduleRetry(1, '2026-11-01T00:00:00Z'))
        .then([]);
    });
  });
});

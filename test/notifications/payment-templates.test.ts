import { renderEmail } from '../../src/notifications/templates/templates';
import { formatCad } from '../../src/payments/format-cad';

const HALIFAX = 'America/Halifax';
const common = {
  parentName: 'Mei Chen',
  studentName: 'Lily Chen',
  amount: formatCad(45_00),
  description: 'November piano lessons',
};

describe('payment email templates', () => {
  it('formats money from cents without float arithmetic', () => {
    expect([formatCad(45_00), formatCad(5), formatCad(500_00), formatCad(123_456_78), formatCad(-20_10)]).toEqual([
      '$45.00 CAD',
      '$0.05 CAD',
      '$500.00 CAD',
      '$123,456.78 CAD',
      '-$20.10 CAD',
    ]);
  });

  it('renders the receipt', () => {
    const r = renderEmail(
      'payment-receipt',
      { ...common, paidAt: '2026-11-02T20:00:00Z', receiptNumber: '5f0c-receipt' },
      HALIFAX,
    );
    expect(r.subject).toBe('Receipt: $45.00 CAD for Lily Chen');
    expect(r.text).toBe(`Hello Mei Chen,

Thank you: we received your payment.

Amount: $45.00 CAD
For: November piano lessons (Lily Chen)
Paid: Monday, November 2, 2026 at 4:00 PM AST
Receipt number: 5f0c-receipt

Keep this email as your receipt.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(r.html).toContain('<tr><td>Amount</td><td><strong>$45.00 CAD</strong></td></tr>');
    expect(r.html).toMatch(/^<!doctype html>/);
  });

  it('renders the refund, in dollars, with when the money shows', () => {
    const r = renderEmail(
      'refund-issued',
      {
        ...common,
        amount: formatCad(20_00),
        refundedAt: '2026-11-03T14:30:00Z',
        receiptNumber: '5f0c-receipt',
        fullyRefunded: false,
      },
      HALIFAX,
    );
    expect(r.subject).toBe('Refund: $20.00 CAD for Lily Chen');
    expect(r.text).toBe(`Hello Mei Chen,

We have refunded $20.00 CAD of your payment for November piano lessons (Lily Chen).

Refunded: Tuesday, November 3, 2026 at 10:30 AM AST
Payment receipt number: 5f0c-receipt

The money goes back to the card the payment was made with; banks usually take 5 to 10 business days to show it.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(
      renderEmail(
        'refund-issued',
        { ...common, refundedAt: '2026-11-03T14:30:00Z', receiptNumber: 'r', fullyRefunded: true },
        HALIFAX,
      ).text,
    ).toContain('(Lily Chen): the whole payment is now refunded.');
  });

  it('renders "payment failed" with what happens next', () => {
    const r = renderEmail(
      'payment-failed',
      { ...common, reason: 'Your card has insufficient funds.', nextAttemptAt: '2026-11-04T20:00:00Z' },
      HALIFAX,
    );
    expect(r.subject).toBe('Payment declined: $45.00 CAD for Lily Chen');
    expect(r.text).toBe(`Hello Mei Chen,

We could not take your payment of $45.00 CAD for November piano lessons (Lily Chen).
The bank said: Your card has insufficient funds.

What happens next: we will try the same card again on Wednesday, November 4, 2026 at 4:00 PM AST.
If your card has changed, or to pay another way, reply to this email or call the front desk before then.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(r.html).toContain('try the same card again on <strong>Wednesday, November 4, 2026 at 4:00 PM AST</strong>');
  });

  it('renders the final failure', () => {
    const r = renderEmail(
      'payment-final-failure',
      { ...common, reason: 'Your card was declined.', attempts: '5' },
      HALIFAX,
    );
    expect(r.subject).toBe('Payment failed: $45.00 CAD for Lily Chen is still due');
    expect(r.text).toBe(`Hello Mei Chen,

We tried 5 time(s) and could not take your payment of $45.00 CAD for November piano lessons (Lily Chen).
The bank said: Your card was declined.

We will not try this card again. The amount is still due: please contact the front desk to update your card or to pay another way.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(r.html).toContain('We will not try this card again.');
  });

  it('renders the payment-due notice', () => {
    const r = renderEmail(
      'payment-due',
      {
        parentName: 'Mei Chen',
        period: 'November 2026',
        amount: '$180.00 CAD',
        details: '- Lily Chen (piano): 4 × $45.00 CAD = $180.00 CAD',
        chargeAt: '2026-10-25T12:00:00Z',
      },
      HALIFAX,
    );
    expect(r.subject).toBe('Coming up: $180.00 CAD for November 2026 lessons');
    expect(r.text).toBe(`Hello Mei Chen,

Your lessons for November 2026:
- Lily Chen (piano): 4 × $45.00 CAD = $180.00 CAD

Total: $180.00 CAD, charged to your card on file on Sunday, October 25, 2026 at 9:00 AM ADT.
If your card has changed, reply to this email or call the front desk before then.

Cedar Heights Music Academy
Questions? Reply to this email or call the front desk.
`);
    expect(r.html).toContain('<pre>- Lily Chen (piano): 4 × $45.00 CAD &#x3D; $180.00 CAD</pre>');
  });

  it('escapes data in the html and refuses missing fields', () => {
    const r = renderEmail(
      'payment-receipt',
      { ...common, description: '<script>x</script>', paidAt: '2026-11-02T20:00:00Z', receiptNumber: 'r' },
      HALIFAX,
    );
    expect(r.html).not.toContain('<script>');
    expect(() => renderEmail('payment-failed', common, HALIFAX)).toThrow(
      expect.objectContaining({ code: 'EMAIL_TEMPLATE_DATA_INVALID' }),
    );
  });
});

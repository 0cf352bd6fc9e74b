import { EntityManager } from '@mikro-orm/postgresql';
import { ManualClock } from '../../src/shared/clock';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('set-password and password-reset emails', () => {
  const clock = new ManualClock(new Date('2026-11-02T14:10:00Z'));
  let t: TestApp;
  let admin: string;
  const email = `glenn-${newId().slice(0, 8)}@example.com`;

  const rows = (to: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ template: string; subject: string; text_body: string; status: string }[]>(
        'SELECT template, subject, text_body, status FROM email_outbox WHERE recipient = ? ORDER BY created_at',
        [to],
      );
  const tokenIn = (text: string) => /set-password\?token=([\w-]+)/.exec(text)![1];

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { JOBS_ENABLED: 'false', PUBLIC_URL: 'https://academy.example' } });
    admin = await t.login();
  });
  afterAll(() => t?.close());

  it('a new teacher gets a set-password link, and signs in with the password chosen through it', async () => {
    const res = await t.http
      .post('/api/v1/teachers')
      .set('Authorization', `Bearer ${admin}`)
      .send({ firstName: 'Glenn', lastName: 'Gould', email, instruments: ['piano'], hourlyRate: 90, availability: { monday: [{ start: '15:00', end: '20:00' }] } });
    expect(res.status).toBe(201);
    await t.app.get(SubscriptionsService).waitForAll(10_000);
    const [mail, ...more] = await rows(email);
    expect(more).toEqual([]);
    expect(mail.template).toBe('set-password');
    expect(mail.subject).toBe('Your Cedar Heights account: choose a password');
    expect(mail.text_body).toContain(`You sign in with ${email}.`);
    expect(mail.text_body).toContain('The link works once, until Monday, November 9, 2026 at 10:10 AM AST.');
    expect(mail.text_body).toMatch(/Choose your password here: https:\/\/academy\.example\/set-password\?token=[\w-]{20,}\n/);

    const set = await t.http.post('/api/v1/auth/set-password').send({ token: tokenIn(mail.text_body), password: 'bach-goldberg-1955' });
    expect(set.status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login').send({ email, password: 'bach-goldberg-1955' })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/set-password').send({ token: tokenIn(mail.text_body), password: 'another-password-1' })).status).toBe(400);
  });

  it('a reset request emails a link (once an hour at most) that sets a new password; unknown addresses get the same answer', async () => {
    const ask = (address: string) => t.http.post('/api/v1/auth/reset-password').send({ email: address });
    expect((await ask(email.toUpperCase())).body).toEqual({ accepted: true });
    expect((await ask(email)).status).toBe(202);
    const unknown = await ask('nobody@example.com');
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ accepted: true });
    expect(await rows('nobody@example.com')).toEqual([]);
    expect((await ask('not an address')).status).toBe(400);

    let resets = (await rows(email)).filter((r) => r.template === 'password-reset');
    expect(resets).toHaveLength(1);
    expect(resets[0].text_body).toContain('The link works once, until Monday, November 2, 2026 at 12:00 PM AST.');

    const done = await t.http.post('/api/v1/auth/set-password').send({ token: tokenIn(resets[0].text_body), password: 'new-password-after-reset' });
    expect(done.status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login').send({ email, password: 'new-password-after-reset' })).status).toBe(200);
    expect((await t.http.post('/api/v1/auth/login').send({ email, password: 'bach-goldberg-1955' })).status).toBe(401);

    clock.advance(60 * 60_000); // the next hour: a new link
    await ask(email);
    resets = (await rows(email)).filter((r) => r.template === 'password-reset');
    expect(resets).toHaveLength(2);
    expect(tokenIn(resets[1].text_body)).not.toBe(tokenIn(resets[0].text_body));
    clock.advance(3 * 60 * 60_000); // past its two hours
    expect((await t.http.post('/api/v1/auth/set-password').send({ token: tokenIn(resets[1].text_body), password: 'too-late-password' })).status).toBe(400);
  });
});

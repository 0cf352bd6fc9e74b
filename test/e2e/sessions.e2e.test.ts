import { SessionStore } from '../../src/identity/sessions/session-store';
import { TestDatabase } from '../support/database';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

/**
 * Ending a sign-in is kept in the database, not in one process: another instance on the same
 * database refuses the ended sign-in's access token at once, and so does an instance started
 * after a restart.
 */
describe('sessions across instances', () => {
  let a: TestApp & { database: TestDatabase };
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ database: a.database, subscriptions: { enabled: false } });
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  const me = (t: TestApp, token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const signIn = (t: TestApp) => t.http.post('/api/v1/auth/login').send(ADMIN);

  it('a sign-out on one instance refuses the access token on the other at once, and after a restart', async () => {
    const ended = (await signIn(a)).body;
    const kept = (await signIn(b)).body;
    expect((await me(b, ended.accessToken)).status).toBe(200);
    expect((await me(a, kept.accessToken)).status).toBe(200);

    expect(
      (
        await a.http
          .post('/api/v1/auth/logout')
          .set('Authorization', `Bearer ${ended.accessToken}`)
          .send({ refreshToken: ended.refreshToken })
      ).status,
    ).toBe(204);
    expect((await me(b, ended.accessToken)).status).toBe(401);
    expect((await b.http.post('/api/v1/auth/refresh').send({ refreshToken: ended.refreshToken })).status).toBe(401);
    expect((await me(b, kept.accessToken)).status).toBe(200);

    await b.stop();
    b = await startTestApp({ database: a.database, subscriptions: { enabled: false } });
    expect((await me(b, ended.accessToken)).status).toBe(401);
    expect((await me(b, kept.accessToken)).status).toBe(200);
  });

  it('a password change on one instance ends the user’s other sign-ins on the other', async () => {
    const other = (await signIn(b)).body;
    const mine = (await signIn(a)).body;
    const changed = await a.http
      .post('/api/v1/auth/change-password')
      .set('Authorization', `Bearer ${mine.accessToken}`)
      .send({ currentPassword: ADMIN.password, newPassword: 'a-brand-new-password' });
    expect(changed.status).toBe(200);
    expect((await me(b, other.accessToken)).status).toBe(401);
    expect((await me(b, mine.accessToken)).status).toBe(401);
    expect((await me(b, changed.body.accessToken)).status).toBe(200);
  });

  it('a refresh token of an ended sign-in gives nothing, even if it was not revoked with it', async () => {
    const session = (
      await a.http.post('/api/v1/auth/login').send({ email: ADMIN.email, password: 'a-brand-new-password' })
    ).body; // changed above
    const { sid } = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString()) as {
      sid: string;
    };
    await a.app.get(SessionStore).end(sid, new Date());
    expect((await b.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
  });
});

import { EntityManager } from '@mikro-orm/postgresql';
import * as jwt from 'jsonwebtoken';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { PasswordResets } from '../../src/identity/password-reset/password-reset.controller';
import { userStream } from '../../src/identity/user.events';
import { ManualClock } from '../../src/shared/clock';
import { ADMIN, startTestApp, TestApp } from '../support/test-app';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('accounts and tokens', () => {
  const clock = new ManualClock(new Date('2026-10-21T12:00:00Z'));
  let t: TestApp;
  let adminId: string;

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const signIn = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });
  const userEvents = async (userId: string) => t.app.get<EventStore>(EVENT_STORE).readStream(userStream(userId));
  const outbox = (to: string, template: string) =>
    t.app
      .get(EntityManager)
      .fork()
      .execute<{ text_body: string }[]>(
        'SELECT text_body FROM email_outbox WHERE recipient = ? AND template = ? ORDER BY created_at',
        [to, template],
      );

  beforeAll(async () => {
    t = await startTestApp({ clock });
    adminId = (await signIn(ADMIN.email, ADMIN.password)).body.user.id;
  });
  afterAll(() => t.close());

  describe('access tokens', () => {
    let good: string;
    beforeAll(async () => {
      good = (await signIn(ADMIN.email, ADMIN.password)).body.accessToken;
    });

    it('signs in with a short-lived HS256 token and a refresh token, and /me answers', async () => {
      const res = await signIn(ADMIN.email, ADMIN.password);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^rt_/),
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { email: ADMIN.email, role: 'admin' },
      });
      expect(JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString())).toEqual({
        alg: 'HS256',
        typ: 'JWT',
      });
      expect((await me(res.body.accessToken)).body).toMatchObject({ email: ADMIN.email, role: 'admin' });
    });

    it('refuses an expired token (401), by the app clock', async () => {
      clock.advance(901_000);
      try {
        expect((await me(good)).status).toBe(401);
      } finally {
        clock.advance(-901_000);
      }
      expect((await me(good)).status).toBe(200);
    });

    const forged: [string, () => string][] = [
      ['no token', () => ''],
      ['malformed', () => 'not.a.jwt'],
      ['garbage', () => 'x'.repeat(40)],
      [
        'alg:none',
        () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: adminId, email: ADMIN.email, role: 'admin', iss: 'cedar-heights', exp: 9_999_999_999 })}.`,
      ],
      [
        'another algorithm (HS512, same secret)',
        () =>
          jwt.sign({ sub: adminId, email: ADMIN.email, role: 'admin' }, SECRET, {
            algorithm: 'HS512',
            issuer: 'cedar-heights',
            expiresIn: 600,
          }),
      ],
      [
        'wrongly signed',
        () =>
          jwt.sign({ sub: adminId, email: ADMIN.email, role: 'admin' }, 'another-secret-another-secret-another', {
            algorithm: 'HS256',
            issuer: 'cedar-heights',
            expiresIn: 600,
          }),
      ],
      [
        'without an expiry',
        () =>
          jwt.sign({ sub: adminId, email: ADMIN.email, role: 'admin', iss: 'cedar-heights' }, SECRET, {
            algorithm: 'HS256',
          }),
      ],
      [
        'another issuer',
        () =>
          jwt.sign({ sub: adminId, email: ADMIN.email, role: 'admin' }, SECRET, {
            algorithm: 'HS256',
            issuer: 'elsewhere',
            expiresIn: 600,
          }),
      ],
      [
        'an unknown role',
        () =>
          jwt.sign({ sub: adminId, email: ADMIN.email, role: 'root' }, SECRET, {
            algorithm: 'HS256',
            issuer: 'cedar-heights',
            expiresIn: 600,
          }),
      ],
      [
        'tampered claims (another user and role, the signature kept)',
        () => {
          const [h, p, s] = good.split('.');
          const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
          return `${h}.${b64({ ...claims, role: 'parent', sub: 'someone-else' })}.${s}`;
        },
      ],
    ];
    it.each(forged)('refuses %s (401)', async (_name, token) => {
      const res = await t.http.get('/api/v1/students').set('Authorization', `Bearer ${token()}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('refuses other schemes', async () => {
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Basic ${good}`)).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', good)).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotates: each refresh token works once and gives the next', async () => {
      const first = (await signIn(ADMIN.email, ADMIN.password)).body;
      const second = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.body.accessToken)).status).toBe(200);
      const third = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
    });

    it('a reused refresh token revokes its whole family, and the log says so', async () => {
      const first = (await signIn(ADMIN.email, ADMIN.password)).body;
      const other = (await signIn(ADMIN.email, ADMIN.password)).body; // another sign-in: another family
      const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).body;
      const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.message).toMatch(/already used/);
      // the access tokens of that sign-in are refused at once, the other sign-in's are not
      expect((await me(first.accessToken)).status).toBe(401);
      expect((await me(second.accessToken)).status).toBe(401);
      expect((await me(other.accessToken)).status).toBe(200);
      // the thief's (or the owner's) newer token of that family is dead too
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken })).status).toBe(401);
      // the other sign-in is untouched
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(200);
      const revoked = (await userEvents(adminId)).filter((e) => e.type === 'UserSessionsRevoked');
      expect(revoked).toHaveLength(1);
      expect(revoked[0].data).toMatchObject({ userId: adminId, reason: 'refresh-token-reused' });
      expect(revoked[0].metadata.actor).toEqual({ id: 'system', role: 'system' });
      expect(JSON.stringify(revoked[0])).not.toContain(first.refreshToken);
    });

    it('refuses unknown, expired and signed-out refresh tokens', async () => {
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'rt_' + 'a'.repeat(43) })).status).toBe(
        401,
      );
      const session = (await signIn(ADMIN.email, ADMIN.password)).body;
      clock.advance(15 * 86_400_000);
      try {
        expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(
          401,
        );
      } finally {
        clock.advance(-15 * 86_400_000);
      }
      const out = (await signIn(ADMIN.email, ADMIN.password)).body;
      const stays = (await signIn(ADMIN.email, ADMIN.password)).body;
      expect(
        (
          await t.http
            .post('/api/v1/auth/logout')
            .set('Authorization', `Bearer ${out.accessToken}`)
            .send({ refreshToken: out.refreshToken })
        ).status,
      ).toBe(204);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: out.refreshToken })).status).toBe(401);
      // signing out ends the access token too, not only the refresh token; another sign-in goes on
      const after = await me(out.accessToken);
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.stringMatching(/sign in again/),
      });
      expect((await me(stays.accessToken)).status).toBe(200);
    });
  });

  describe('staff accounts, passwords and resets', () => {
    let admin: string;
    beforeAll(async () => {
      admin = (await signIn(ADMIN.email, ADMIN.password)).body.accessToken;
    });
    const create = (body: object, token = admin) =>
      t.http.post('/api/v1/users').set('Authorization', `Bearer ${token}`).send(body);

    it('an admin creates admins and auditors only; the role cannot be raised through any field', async () => {
      const res = await create({ email: 'Audrey@Example.com', password: 'audit-everything', role: 'auditor' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(String), email: 'audrey@example.com', role: 'auditor' });
      const auditor = (await signIn('audrey@example.com', 'audit-everything')).body.accessToken;
      expect((await me(auditor)).body.role).toBe('auditor');
      expect((await t.http.get('/api/v1/students').set('Authorization', `Bearer ${auditor}`)).status).toBe(403);
      expect(
        (await create({ email: 'x@example.com', password: 'a-long-password', role: 'admin' }, auditor)).status,
      ).toBe(403);
      expect(
        (await create({ email: 'audrey@example.com', password: 'another-password', role: 'auditor' })).status,
      ).toBe(409);
      for (const bad of [
        { email: 't@example.com', password: 'a-long-password', role: 'teacher' },
        { email: 't@example.com', password: 'a-long-password', role: 'parent' },
        {
          email: 't@example.com',
          password: 'a-long-password',
          role: 'auditor',
          teacherId: '6f1c3a4e-9b2d-4c1f-8e7a-5b3c2d1e0f9a',
        },
        { email: 't@example.com', password: 'short', role: 'auditor' },
      ]) {
        expect((await create(bad)).status).toBe(400);
      }
      expect((await signIn('audrey@example.com', 'audit-everything')).status).toBe(200);
      expect(
        (
          await t.http
            .post('/api/v1/auth/login')
            .send({ email: 'audrey@example.com', password: 'audit-everything', role: 'admin' })
        ).status,
      ).toBe(400);
      const events = await userEvents(res.body.id);
      expect(events.map((e) => e.type)).toEqual(['UserRegistered', 'UserPasswordChanged']);
      expect(events.every((e) => e.metadata.actor.id === adminId && e.metadata.actor.role === 'admin')).toBe(true);
      expect(JSON.stringify(events)).not.toContain('audit-everything');
    });

    it('changes a password with the current one; other sign-ins end', async () => {
      await create({ email: 'carol@example.com', password: 'first-password', role: 'admin' });
      const before = (await signIn('carol@example.com', 'first-password')).body;
      const change = (body: object) =>
        t.http.post('/api/v1/auth/change-password').set('Authorization', `Bearer ${before.accessToken}`).send(body);
      expect((await change({ currentPassword: 'wrong-password', newPassword: 'second-password' })).status).toBe(400);
      expect((await change({ currentPassword: 'first-password', newPassword: 'short' })).status).toBe(400);
      const changed = await change({ currentPassword: 'first-password', newPassword: 'second-password' });
      expect(changed.status).toBe(200);
      expect(changed.body.refreshToken).toEqual(expect.stringMatching(/^rt_/));
      expect((await signIn('carol@example.com', 'first-password')).status).toBe(401);
      expect((await signIn('carol@example.com', 'second-password')).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: before.refreshToken })).status).toBe(401);
      // the access token the change was made with is over too; the one it answered works
      expect((await me(before.accessToken)).status).toBe(401);
      expect((await me(changed.body.accessToken)).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: changed.body.refreshToken })).status).toBe(
        200,
      );
      const last = (await userEvents(before.user.id)).pop()!;
      expect(last).toMatchObject({
        type: 'UserPasswordChanged',
        metadata: { actor: { id: before.user.id, role: 'admin' } },
      });

      // A reset link asked for before the password was changed dies with the change:
      // it cannot replace the new password.
      await t.http.post('/api/v1/auth/password-reset').send({ email: 'carol@example.com' });
      await t.app.get(PasswordResets).settled();
      const [reset] = await outbox('carol@example.com', 'password-reset');
      const link = /set-password\?token=([\w-]+)/.exec(reset.text_body)![1];
      const again = await t.http
        .post('/api/v1/auth/change-password')
        .set('Authorization', `Bearer ${changed.body.accessToken}`)
        .send({ currentPassword: 'second-password', newPassword: 'third-password' });
      expect(again.status).toBe(200);
      expect(
        (await t.http.post('/api/v1/auth/set-password').send({ token: link, password: 'someone-elses-password' }))
          .status,
      ).toBe(400);
      expect((await signIn('carol@example.com', 'third-password')).status).toBe(200);
    });

    it('resets a forgotten password by an emailed one-time link; the answer is the same for unknown emails', async () => {
      await create({ email: 'dana@example.com', password: 'forgotten-password', role: 'admin' });
      const stolen = (await signIn('dana@example.com', 'forgotten-password')).body; // a sign-in someone else may hold
      const known = await t.http.post('/api/v1/auth/password-reset').send({ email: 'Dana@example.com' });
      const unknown = await t.http.post('/api/v1/auth/password-reset').send({ email: 'nobody@example.com' });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      await t.app.get(PasswordResets).settled();
      expect(await outbox('nobody@example.com', 'password-reset')).toHaveLength(0);
      const [mail] = await outbox('dana@example.com', 'password-reset');
      const token = /set-password\?token=([\w-]+)/.exec(mail.text_body)![1];
      expect(
        (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'remembered-password' })).status,
      ).toBe(200);
      expect(
        (await t.http.post('/api/v1/auth/set-password').send({ token, password: 'another-password1' })).status,
      ).toBe(400);
      expect((await me(stolen.accessToken)).status).toBe(401);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: stolen.refreshToken })).status).toBe(401);
      expect((await signIn('dana@example.com', 'remembered-password')).status).toBe(200);
      const dana = (await signIn('dana@example.com', 'remembered-password')).body.user.id;
      const events = await userEvents(dana);
      expect(events.map((e) => e.type)).toEqual([
        'UserRegistered',
        'UserPasswordChanged',
        'PasswordResetRequested',
        'UserPasswordChanged',
      ]);
      expect(events[2].metadata.actor).toEqual({ id: 'public', role: 'public' });
      expect(events[3].metadata.actor).toEqual({ id: dana, role: 'admin' });
      expect(JSON.stringify(events)).not.toContain(token);
    });

    it('a reset link expires after an hour, and a newer one replaces it', async () => {
      await create({ email: 'erin@example.com', password: 'forgotten-password', role: 'admin' });
      await t.http.post('/api/v1/auth/password-reset').send({ email: 'erin@example.com' });
      await t.app.get(PasswordResets).settled();
      await t.http.post('/api/v1/auth/password-reset').send({ email: 'erin@example.com' });
      await t.app.get(PasswordResets).settled();
      const [older, newer] = (await outbox('erin@example.com', 'password-reset')).map(
        (m) => /set-password\?token=([\w-]+)/.exec(m.text_body)![1],
      );
      expect(
        (await t.http.post('/api/v1/auth/set-password').send({ token: older, password: 'a-new-password' })).status,
      ).toBe(400);
      clock.advance(61 * 60_000);
      try {
        expect(
          (await t.http.post('/api/v1/auth/set-password').send({ token: newer, password: 'a-new-password' })).status,
        ).toBe(400);
      } finally {
        clock.advance(-61 * 60_000);
      }
    });
  });

  describe('failed sign-ins', () => {
    it('answers a wrong password and an unknown email alike', async () => {
      const wrong = await signIn(ADMIN.email, 'not-the-password');
      const unknown = await signIn('ghost@example.com', 'not-the-password');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect((await signIn(ADMIN.email, ADMIN.password)).status).toBe(200); // a success clears the count
    });

    it('locks an email after 5 failures, the same way whether or not it has an account, then lets it in after the wait', async () => {
      await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${(await signIn(ADMIN.email, ADMIN.password)).body.accessToken}`)
        .send({ email: 'frank@example.com', password: 'franks-password', role: 'admin' });
      for (let i = 0; i < 5; i++) {
        expect((await signIn('frank@example.com', `guess-${i}`)).status).toBe(401);
        expect((await signIn('nobody-here@example.com', `guess-${i}`)).status).toBe(401);
      }
      const real = await signIn('frank@example.com', 'franks-password'); // even the right password waits
      const ghost = await signIn('nobody-here@example.com', 'franks-password');
      expect(real.status).toBe(429);
      expect(ghost.status).toBe(429);
      expect(ghost.body).toEqual(real.body);
      expect(real.headers['retry-after']).toBe(ghost.headers['retry-after']);
      expect(Number(real.headers['retry-after'])).toBe(60);
      expect((await signIn(ADMIN.email, ADMIN.password)).status).toBe(200); // other emails are not affected
      clock.advance(61_000);
      try {
        expect((await signIn('frank@example.com', 'franks-password')).status).toBe(200);
        // one more failure for the ghost doubles its wait
        expect((await signIn('nobody-here@example.com', 'guess')).status).toBe(401);
        expect(Number((await signIn('nobody-here@example.com', 'guess')).headers['retry-after'])).toBe(120);
      } finally {
        clock.advance(-61_000);
      }
    });
  });
});

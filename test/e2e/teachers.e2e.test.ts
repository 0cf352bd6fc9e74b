import { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../src/shared/ids';
import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { createTestDatabase, TestDatabase } from '../support/database';
import { METRICS_TOKEN, startTestApp, TestApp } from '../support/test-app';

const clara = {
  firstName: 'Clara',
  lastName: 'Schumann',
  email: 'clara@example.com',
  instruments: ['piano', 'voice'],
  hourlyRate: 72.5,
  maxStudents: 20,
  availability: { monday: [{ start: '15:00', end: '20:00' }], saturday: [{ start: '09:00', end: '13:00' }] },
  bio: 'Concert pianist; patient with beginners.',
};

describe('teachers, end to end over HTTP', () => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: string;
  let claraId: string;

  beforeAll(async () => {
    database = await createTestDatabase('teachers_e2e');
    t = await startTestApp({ database });
    admin = await t.login();
  });
  afterAll(async () => {
    await t.close();
  });

  const asAdmin = <T extends { set(k: string, v: string): T }>(req: T) => req.set('Authorization', `Bearer ${admin}`);

  it('is healthy and documents itself', async () => {
    expect((await t.http.get('/health')).body).toMatchObject({ status: 'ok', database: 'up', eventStore: 'up' });
    const docs = await t.http.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/teachers',
        '/api/v1/teachers/{id}',
        '/api/v1/teachers/{id}/availability',
        '/api/v1/public/teachers',
        '/api/v1/auth/login',
      ]),
    );
    expect((await t.http.get('/docs')).status).toBe(200);
  });

  it('registers a teacher, visible at once to the admin and (without private fields) to the public', async () => {
    const res = await asAdmin(t.http.post('/api/v1/teachers')).send(clara);
    expect(res.status).toBe(201);
    claraId = res.body.id;

    const one = await asAdmin(t.http.get(`/api/v1/teachers/${claraId}`));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: claraId,
      firstName: 'Clara',
      email: 'clara@example.com',
      instruments: ['piano', 'voice'],
      hourlyRate: 72.5,
      maxStudents: 20,
      currentStudents: 0,
      availability: clara.availability,
      availabilityTimeZone: 'America/Halifax',
      active: true,
    });

    const pub = await t.http.get('/api/v1/public/teachers');
    expect(pub.status).toBe(200);
    expect(pub.body.items).toEqual([
      { id: claraId, firstName: 'Clara', lastName: 'Schumann', instruments: ['piano', 'voice'], bio: clara.bio },
    ]);
  });

  it('gives the teacher a user account through the onboarding workflow', async () => {
    // Two hops (saga, then projection); other test files share the server, so allow time.
    const deadline = Date.now() + 20_000;
    let userId: string | null = null;
    while (!userId && Date.now() < deadline) {
      userId = (await asAdmin(t.http.get(`/api/v1/teachers/${claraId}`))).body.userId;
      if (!userId) await new Promise((r) => setTimeout(r, 25));
    }
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    // The teachers and users read models see UserRegistered independently: let both catch up.
    await t.app.get(SubscriptionsService).waitForAll(20_000);
    const rows = await t.app
      .get(EntityManager)
      .fork()
      .execute('SELECT role, teacher_id FROM users WHERE id = ?', [userId]);
    expect(rows).toEqual([{ role: 'teacher', teacher_id: claraId }]);
    const workflows = await asAdmin(t.http.get('/api/v1/workflows'));
    expect(workflows.body.workflows.map((w: { name: string }) => w.name)).toContain('teacher-onboarding');
  });

  it('changes availability and shows it', async () => {
    const availability = {
      tuesday: [{ start: '16:00', end: '18:30' }],
      thursday: [
        { start: '10:00', end: '12:00' },
        { start: '14:00', end: '17:00' },
      ],
    };
    const res = await asAdmin(t.http.put(`/api/v1/teachers/${claraId}/availability`)).send({ availability });
    expect(res.status).toBe(200);
    expect(res.body.availability).toEqual(availability);
    expect((await asAdmin(t.http.get(`/api/v1/teachers/${claraId}`))).body.availability).toEqual(availability);
  });

  it('lists teachers by name, pages with a cursor, filters by instrument', async () => {
    for (const [firstName, lastName, instrument] of [
      ['Andrés', 'Segovia', 'guitar'],
      ['Itzhak', 'Perlman', 'violin'],
      ['Max', 'Roach', 'drums'],
    ]) {
      const res = await asAdmin(t.http.post('/api/v1/teachers')).send({
        ...clara,
        firstName,
        lastName,
        email: `${lastName.toLowerCase()}@example.com`,
        instruments: [instrument],
      });
      expect(res.status).toBe(201);
    }
    const first = await asAdmin(t.http.get('/api/v1/teachers?limit=2'));
    expect(first.body.items.map((x: { lastName: string }) => x.lastName)).toEqual(['Perlman', 'Roach']);
    const second = await asAdmin(t.http.get(`/api/v1/teachers?limit=2&cursor=${first.body.next}`));
    expect(second.body.items.map((x: { lastName: string }) => x.lastName)).toEqual(['Schumann', 'Segovia']);
    expect(second.body.next).toBeNull();
    const violin = await asAdmin(t.http.get('/api/v1/teachers?instrument=violin'));
    expect(violin.body.items.map((x: { lastName: string }) => x.lastName)).toEqual(['Perlman']);
  });

  describe('bad input changes nothing', () => {
    const stateOfTeachers = async () =>
      t.app.get(EntityManager).fork().execute('SELECT id, availability, version FROM teachers ORDER BY id');
    let before: unknown;
    beforeAll(async () => {
      before = await stateOfTeachers();
    });
    afterAll(async () => expect(await stateOfTeachers()).toEqual(before));

    it.each([
      ['a rate of 500', { hourlyRate: 500 }, /hourlyRate must not be greater than 200/],
      ['a rate with three decimals', { hourlyRate: 65.555 }, /hourlyRate/],
      ['an unknown instrument', { instruments: ['banjo'] }, /instrument must be one of/],
      ['no instruments', { instruments: [] }, /instruments/],
      ['maxStudents 51', { maxStudents: 51 }, /maxStudents/],
      ['a bad email', { email: 'not-an-email' }, /email/],
      [
        'overlapping availability',
        {
          availability: {
            monday: [
              { start: '15:00', end: '18:00' },
              { start: '17:00', end: '19:00' },
            ],
          },
        },
        /overlaps/,
      ],
      [
        'a window ending before it starts',
        { availability: { monday: [{ start: '18:00', end: '15:00' }] } },
        /must end at least 15 minutes after/,
      ],
      ['an unknown weekday', { availability: { caturday: [] } }, /not a weekday/],
      ['wrong types', { firstName: 42, hourlyRate: 'lots' }, /firstName must be a string/],
      ['a field we do not take', { role: 'admin' }, /property role should not exist/],
    ])('refuses %s with 400 and a message', async (_, change, message) => {
      const res = await asAdmin(t.http.post('/api/v1/teachers')).send({
        ...clara,
        email: 'new@example.com',
        ...change,
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await asAdmin(t.http.post('/api/v1/teachers'))
        .set('Content-Type', 'application/json')
        .send('{"firstName": "Cl');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
    });

    it('refuses control characters with 400, leaving the email free for a corrected request', async () => {
      const res = await asAdmin(t.http.post('/api/v1/teachers')).send({
        ...clara,
        email: 'nul@example.com',
        bio: 'bad\u0000bio',
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/bio contains a control character/);
    });

    it('refuses a forged cursor with 400, on the public list too', async () => {
      const forged = Buffer.from(JSON.stringify(['a', 'b', 'not-a-uuid'])).toString('base64url');
      expect((await t.http.get(`/api/v1/public/teachers?cursor=${forged}`)).status).toBe(400);
      const nul = Buffer.from(JSON.stringify(['a\u0000', 'b', '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b'])).toString(
        'base64url',
      );
      expect((await asAdmin(t.http.get(`/api/v1/teachers?cursor=${nul}`))).status).toBe(400);
      expect((await t.http.get('/api/v1/public/teachers?cursor=%%%')).status).toBe(400);
    });

    it('refuses a second teacher with an email already in use with 409', async () => {
      const res = await asAdmin(t.http.post('/api/v1/teachers')).send({ ...clara, email: 'CLARA@example.com' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/already exists/);
    });

    it('answers 404 for an unknown teacher and 400 for a malformed id', async () => {
      const unknown = '7d1e7a52-3c7b-4e1a-9b0e-0a4c1e2f3d4b';
      expect((await asAdmin(t.http.get(`/api/v1/teachers/${unknown}`))).status).toBe(404);
      expect(
        (await asAdmin(t.http.put(`/api/v1/teachers/${unknown}/availability`)).send({ availability: {} })).status,
      ).toBe(404);
      expect((await asAdmin(t.http.get('/api/v1/teachers/not-a-uuid'))).status).toBe(400);
    });

    it('refuses overlapping availability on update with 400', async () => {
      const res = await asAdmin(t.http.put(`/api/v1/teachers/${claraId}/availability`)).send({
        availability: {
          friday: [
            { start: '10:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      });
      expect(res.status).toBe(400);
    });

    it('needs a valid token (401) and the admin role (403)', async () => {
      expect((await t.http.get('/api/v1/teachers')).status).toBe(401);
      expect((await t.http.get('/api/v1/teachers').set('Authorization', 'Bearer nonsense')).status).toBe(401);
      const forged = admin.slice(0, admin.lastIndexOf('.') + 1) + 'AAAA';
      expect((await t.http.get('/api/v1/teachers').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = admin.split('.')[1];
      expect((await t.http.get('/api/v1/teachers').set('Authorization', `Bearer ${header}.${payload}.`)).status).toBe(
        401,
      );
      expect(
        (await t.http.post('/api/v1/auth/login').send({ email: 'owner@cedarheights.test', password: 'wrong-password' }))
          .status,
      ).toBe(401);
      expect(
        (
          await t.http
            .post('/api/v1/auth/login')
            .send({ email: 'nobody@cedarheights.test', password: 'wrong-password' })
        ).status,
      ).toBe(401);
    });
  });

  it('reports projections and rebuilds the teachers read model equal to the live one', async () => {
    const rows = () => t.app.get(EntityManager).fork().execute('SELECT * FROM teachers ORDER BY id');
    const live = await rows();
    const report = await asAdmin(t.http.post('/api/v1/admin/projections/teachers/rebuild?wait=true'));
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      projection: 'teachers',
      status: 'succeeded',
      result: { projection: 'teachers', identical: true },
    });
    expect(report.body.result.events).toBeGreaterThanOrEqual(9);
    expect(await rows()).toEqual(live);
    const list = await asAdmin(t.http.get('/api/v1/admin/projections'));
    expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['teachers', 'users', 'workflow:teacher-onboarding']),
    );
    expect((await asAdmin(t.http.post('/api/v1/admin/projections/nope/rebuild'))).status).toBe(404);
  });

  it('lists a parked event for the office: which projection, which event, the error, when', async () => {
    const em = t.app.get(EntityManager).fork();
    const eventId = newId();
    await em.execute(
      `INSERT INTO subscription_parked (subscription, position, event_id, event_type, stream_id, error, attempts)
       VALUES ('teachers', 1, ?, 'TeacherRegistered', 'teacher-x', 'Error: could not apply', 5)`,
      [eventId],
    );
    try {
      const res = await asAdmin(t.http.get('/api/v1/admin/projections/parked').query({ name: 'teachers' }));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        {
          subscription: 'teachers',
          position: 1,
          eventId,
          eventType: 'TeacherRegistered',
          streamId: 'teacher-x',
          error: 'Error: could not apply',
          attempts: 5,
          parkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      ]);
    } finally {
      await em.execute('DELETE FROM subscription_parked WHERE event_id = ?', [eventId]);
    }
  });

  it('exposes Prometheus metrics', async () => {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/teachers"/);
    expect(res.text).toMatch(/command_duration_seconds_count\{command="RegisterTeacher",outcome="ok"\} \d+/);
    expect(res.text).toMatch(/events_appended_total\{type="TeacherRegistered"\} 4/);
    expect(res.text).toMatch(/subscription_lag_seconds\{subscription="teachers"\} 0/);
  });

  it('takes the corrected request for an email a refused one did not keep', async () => {
    const res = await asAdmin(t.http.post('/api/v1/teachers')).send({
      ...clara,
      email: 'nul@example.com',
      bio: 'fine',
    });
    expect(res.status).toBe(201);
  });

  it('keeps everything across a restart', async () => {
    await t.app.get(SubscriptionsService).waitForAll(5000);
    const before = (await asAdmin(t.http.get('/api/v1/teachers'))).body;
    await t.stop();
    t = await startTestApp({ database });
    admin = await t.login();
    expect((await asAdmin(t.http.get('/api/v1/teachers'))).body).toEqual(before);
  });
});

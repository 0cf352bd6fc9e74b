import { SubscriptionsService } from '../../src/subscriptions/subscriptions.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('enrollment rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ENROLLMENT_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('answers 429 past the limit per address, and records nothing for the refused one', async () => {
    const body = {
      studentFirstName: 'Ann',
      studentLastName: 'Lee',
      studentDateOfBirth: '2015-01-01',
      parentFirstName: 'Bo',
      parentLastName: 'Lee',
      parentEmail: 'bo@example.com',
      parentPhone: '9025550123',
      instrument: 'piano',
      paymentToken: 'pm_card_visa',
      agreedToTerms: true,
    };
    // Two children (the same child twice would be one enrollment), then a third form is one too many.
    expect((await t.http.post('/api/v1/enrollments').send(body)).status).toBe(202);
    expect((await t.http.post('/api/v1/enrollments').send({ ...body, studentFirstName: 'Max' })).status).toBe(202);
    const refused = await t.http.post('/api/v1/enrollments').send({ ...body, studentFirstName: 'Zoe' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    await t.app.get(SubscriptionsService).waitForAll(15_000);
    const admin = await t.login();
    const listed = await t.http.get('/api/v1/enrollments').set('Authorization', `Bearer ${admin}`);
    expect(listed.body.items).toHaveLength(2);
  });
});

import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/\.data$/);
    expect(c.academyTimezone).toBe('America/Halifax');
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/academy',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      ACADEMY_TIMEZONE: 'America/Toronto',
      ADMIN_EMAIL: 'Owner@Academy.ca',
      STRIPE_SECRET_KEY: 'sk_test_abc',
    });
    expect(c).toMatchObject({
      port: 8080,
      academyTimezone: 'America/Toronto',
      adminEmail: 'owner@academy.ca',
      stripeSecretKey: 'sk_test_abc',
    });
  });

  it('refuses bad values, naming each variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ACADEMY_TIMEZONE: 'Mars/Olympus',
        JWT_SECRET: 'short',
        ADMIN_EMAIL: 'nope',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    for (const name of ['PORT', 'DATABASE_URL', 'ACADEMY_TIMEZONE', 'JWT_SECRET', 'ADMIN_EMAIL'])
      expect(text).toContain(name);
  });

  it('refuses a port out of range', () => expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/));

  it('runs every subscription, none, or one kind of them (SUBSCRIPTIONS_MODE)', () => {
    expect(loadConfig({}).subscriptionsMode).toBe('run');
    for (const mode of ['run', 'follow', 'projections', 'sagas'])
      expect(loadConfig({ SUBSCRIPTIONS_MODE: mode }).subscriptionsMode).toBe(mode);
    expect(() => loadConfig({ SUBSCRIPTIONS_MODE: 'projection' })).toThrow(
      /SUBSCRIPTIONS_MODE must be run, follow, projections or sagas/,
    );
  });

  it('keeps metrics off the public port unless told: no listener, loopback when there is one, a long token', () => {
    expect(loadConfig({})).toMatchObject({
      metricsPort: undefined,
      metricsHost: '127.0.0.1',
      metricsToken: undefined,
      loginSlowDownMaxMs: 2000,
    });
    expect(
      loadConfig({
        METRICS_PORT: '9464',
        METRICS_HOST: '0.0.0.0',
        METRICS_TOKEN: 'a'.repeat(32),
        LOGIN_SLOWDOWN_MAX_MS: '500',
      }),
    ).toMatchObject({
      metricsPort: 9464,
      metricsHost: '0.0.0.0',
      metricsToken: 'a'.repeat(32),
      loginSlowDownMaxMs: 500,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 24 characters/);
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_HOST: 'a host' })).toThrow(/METRICS_HOST/);
    expect(() => loadConfig({ LOGIN_SLOWDOWN_MAX_MS: '60000' })).toThrow(/LOGIN_SLOWDOWN_MAX_MS/);
  });

  it('trusts no proxy header unless TRUST_PROXY names the proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must name the proxies/);
    expect(() => loadConfig({ TRUST_PROXY: 'any; rm' })).toThrow(/TRUST_PROXY/);
  });

  it('reads job schedules and the jobs switch, refusing schedules it cannot run', () => {
    expect(loadConfig({})).toMatchObject({ jobsEnabled: true, jobSchedules: {} });
    const c = loadConfig({
      JOBS_ENABLED: 'false',
      JOB_LESSON_REMINDERS_SCHEDULE: ' 2m ',
      JOB_BILLING_RUN_SCHEDULE: '0 6 1 * *',
      JOB_WAITLIST_RECHECK_SCHEDULE: 'off',
    });
    expect(c.jobsEnabled).toBe(false);
    expect(c.jobSchedules).toEqual({
      JOB_LESSON_REMINDERS_SCHEDULE: '2m',
      JOB_BILLING_RUN_SCHEDULE: '0 6 1 * *',
      JOB_WAITLIST_RECHECK_SCHEDULE: 'off',
    });
    expect(() => loadConfig({ JOBS_ENABLED: 'yes' })).toThrow(/JOBS_ENABLED must be true or false/);
    expect(() => loadConfig({ JOB_LESSON_REMINDERS_SCHEDULE: 'often' })).toThrow(
      /JOB_LESSON_REMINDERS_SCHEDULE must be an interval/,
    );
    expect(() => loadConfig({ JOB_LESSON_REMINDERS_SCHEDULE: '61 * * * *' })).toThrow(/JOB_LESSON_REMINDERS_SCHEDULE/);
    expect(() => loadConfig({ JOB_LESSON_REMINDERS_SCHEDULE: '10ms' })).toThrow(/between 100 ms and 24 days/);
  });

  it('never runs the simulated gateway on a production database by accident', () => {
    const db = { DATABASE_URL: 'postgres://u:p@db:5432/academy' };
    expect(() => loadConfig(db)).toThrow(/DATABASE_URL is set but STRIPE_SECRET_KEY is not.*PAYMENT_GATEWAY=simulated/);
    expect(loadConfig({ ...db, PAYMENT_GATEWAY: 'simulated' }).paymentGateway).toBe('simulated');
    expect(loadConfig({ ...db, STRIPE_SECRET_KEY: 'sk_live_abc' }).paymentGateway).toBe('stripe');
    expect(loadConfig({}).paymentGateway).toBe('simulated');
    expect(() => loadConfig({ PAYMENT_GATEWAY: 'stripe' })).toThrow(/PAYMENT_GATEWAY=stripe needs STRIPE_SECRET_KEY/);
    expect(() => loadConfig({ PAYMENT_GATEWAY: 'paypal' })).toThrow(/PAYMENT_GATEWAY must be stripe or simulated/);
  });
});

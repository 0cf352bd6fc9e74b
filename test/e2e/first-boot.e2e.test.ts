import { Pool } from 'pg';
import { migrate } from '../../src/database/orm.config';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store';
import { legacyEmailClaimStream } from '../../src/identity/email-claim-streams';
import { deriveId } from '../../src/shared/ids';
import { createTestDatabase } from '../support/database';
import { ADMIN, startTestApp } from '../support/test-app';

describe('first admin', () => {
  it('is completed on the next boot when the first one stopped after claiming the email', async () => {
    const database = await createTestDatabase('first_boot');
    await migrate(database.url);
    // What a first boot leaves when it dies between the email claim and the user (a claim
    // stored before claim streams were keyed: it still counts where it is).
    const pool = new Pool({ connectionString: database.url });
    const userId = deriveId('bootstrap-admin', ADMIN.email);
    await new PostgresEventStore(pool).append(
      legacyEmailClaimStream(ADMIN.email),
      [
        {
          eventId: deriveId('event', deriveId(deriveId('bootstrap-admin-command', ADMIN.email), 'claim-email'), '0'),
          type: 'EmailClaimed',
          data: { email: ADMIN.email, userId, ownerStream: `user-${userId}`, claimedAt: new Date().toISOString() },
          metadata: {
            correlationId: 'boot',
            causationId: null,
            actor: { id: 'system', role: 'system' },
            occurredAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      'no_stream',
    );
    await pool.end();

    const t = await startTestApp({ database });
    const token = await t.login();
    expect((await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).body).toMatchObject({
      email: ADMIN.email,
      role: 'admin',
    });
    await t.close();
  });
});

import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { withBootLockFrom } from '../database/boot-lock';
import { PG_POOL } from '../database/pg-pool.token';
import { APP_CONFIG, AppConfig, DEFAULT_ADMIN_PASSWORD } from '../config/config';
import { CommandContext, subContext } from '../cqrs/command-context';
import { CommandExecutor } from '../cqrs/command-executor';
import { Clock } from '../shared/clock';
import { deriveId, newId } from '../shared/ids';
import { SYSTEM_ACTOR } from '../shared/request-context';
import { CredentialsStore } from './credentials.store';
import { EmailClaims } from './email-claims';
import { hashPassword } from './passwords';
import { RegisterUser } from './register-user/register-user.command';
import { userDecider } from './user.decider';
import { userStream } from './user.events';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no account has that email.
 * Under the boot lock: of instances starting at once, one creates the admin and the others find it.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: EmailClaims,
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
    private readonly credentials: CredentialsStore,
    private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return withBootLockFrom(this.pool, () => this.createFirstAdmin());
  }

  private async createFirstAdmin(): Promise<void> {
    const email = this.config.adminEmail;
    const userId = deriveId('bootstrap-admin', email);
    const owner = await this.claims.ownerOf(email);
    // Someone else has this email, or our admin was fully created: nothing to do. A claim of
    // ours without the user (a first boot that stopped half-way) is completed below.
    if (owner && owner !== userId) return;
    if (owner && (await this.executor.load(userStream(userId), userDecider)).status === 'registered') return;
    const ctx: CommandContext = {
      commandId: deriveId('bootstrap-admin-command', email),
      correlationId: newId(),
      causationId: null,
      actor: SYSTEM_ACTOR,
      issuedAt: this.clock.now().toISOString(),
    };
    const password = this.config.adminPassword ?? DEFAULT_ADMIN_PASSWORD;
    await this.credentials.set(userId, await hashPassword(password));
    await this.commands.execute(
      new RegisterUser({ userId, email, role: 'admin', displayName: 'Administrator', teacherId: null }, ctx),
    );
    await this.executor.execute(
      userStream(userId),
      userDecider,
      { type: 'ChangePassword', userId },
      subContext(ctx, 'password'),
    );
    if (this.config.adminPassword) {
      this.logger.log(`created the first admin account ${email}`);
    } else {
      this.logger.warn(
        `created the first admin account with development defaults: ${email} / ${DEFAULT_ADMIN_PASSWORD} — set ` +
          `ADMIN_EMAIL and ADMIN_PASSWORD, or change the password`,
      );
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { CommandContext, subContext } from '../cqrs/command-context';
import { CommandExecutor } from '../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { conflict } from '../shared/domain-error';
import { PrivateStreamIds } from '../privacy/private-stream-ids';
import { emailClaimDecider } from './email-claim.decider';
import { latestEmailClaim } from './email-claim-streams';

/** Claims an email address for a user before anything is registered under it. */
@Injectable()
export class EmailClaims {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    private readonly ids: PrivateStreamIds,
  ) {}

  async claim(email: string, userId: string, ownerStream: string, ctx: CommandContext): Promise<void> {
    const { stream, last } = await this.current(email);
    let currentOwnerExists = false;
    if (last) {
      const owner = (last.data as { ownerStream: string }).ownerStream;
      currentOwnerExists = (await this.store.readStream(owner, { limit: 1 })).length > 0;
    }
    await this.executor.execute(
      stream,
      emailClaimDecider,
      { type: 'ClaimEmail', email, userId, ownerStream, at: ctx.issuedAt, currentOwnerExists },
      subContext(ctx, 'claim-email'),
    );
    // A retried command finds its old claim "already applied" even if another account took the
    // address over since: only the latest claim counts.
    if ((await this.ownerOf(email)) !== userId)
      throw conflict('EMAIL_TAKEN', 'an account with this email already exists');
  }

  async ownerOf(email: string): Promise<string | null> {
    const { last } = await this.current(email);
    return last ? (last.data as { userId: string }).userId : null;
  }

  /**
   * The address's claim stream and its latest claim: the keyed stream, unless the address was claimed before keyed ids.
   */
  private async current(email: string) {
    return latestEmailClaim(this.store, this.ids, email);
  }
}

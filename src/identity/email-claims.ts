import { Inject, Injectable } from '@nestjs/common';
import { CommandContext, subContext } from '../cqrs/command-context';
import { CommandExecutor, newStream } from '../cqrs/command-executor';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { conflict } from '../shared/domain-error';
import { PrivateStreamIds } from '../privacy/private-stream-ids';
import { emailClaimDecider } from './email-claim.decider';
import { LatestEmailClaims } from './email-claim-streams';

/** Claims an email address for a user before anything is registered under it. */
@Injectable()
export class EmailClaims {
  private readonly latest: LatestEmailClaims;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    ids: PrivateStreamIds,
  ) {
    this.latest = new LatestEmailClaims(store, ids);
  }

  async claim(email: string, userId: string, ownerStream: string, ctx: CommandContext): Promise<void> {
    const { stream, last } = await this.current(email);
    let currentOwnerExists = false;
    if (last) {
      const owner = last.data.ownerStream;
      currentOwnerExists = (await this.store.readStream(owner, { limit: 1 })).length > 0;
    }
    const claimed = await this.executor.execute(
      stream,
      emailClaimDecider,
      { type: 'ClaimEmail', email, userId, ownerStream, at: ctx.issuedAt, currentOwnerExists },
      subContext(ctx, 'claim-email'),
      // an address no one claimed yet: its claim stream is empty (read just now)
      last ? undefined : newStream(stream),
    );
    // A claim made now, or found already ours, is the latest (another may take it over only once
    // it is a minute old and its account was never written). A retried command finds its old
    // claim "already applied" even if another account took the address over since.
    if (claimed.alreadyApplied && (await this.ownerOf(email)) !== userId)
      throw conflict('EMAIL_TAKEN', 'an account with this email already exists');
  }

  async ownerOf(email: string): Promise<string | null> {
    const { last } = await this.current(email);
    return last ? last.data.userId : null;
  }

  /**
   * The address's claim stream and its latest claim: the keyed stream, unless the address was
   * claimed before keyed ids.
   */
  private current(email: string) {
    return this.latest.of(email);
  }
}

import { Injectable } from '@nestjs/common';
import { Clock } from '../shared/clock';
import { deriveId, newId } from '../shared/ids';
import { RequestContexts } from '../shared/request-context';
import { CommandContext } from './command-context';

/** Builds the context of a command issued by the current request (or by the system). */
@Injectable()
export class CommandContextFactory {
  constructor(private readonly clock: Clock) {}

  /** `idempotencyKey` (a client's Idempotency-Key header) makes a retried request the same command. */
  create(idempotencyKey?: string): CommandContext {
    const rc = RequestContexts.currentOrSystem();
    return {
      commandId: idempotencyKey ? deriveId('idempotency-key', rc.actor.id, idempotencyKey) : newId(),
      correlationId: rc.correlationId,
      causationId: rc.causationId,
      actor: rc.actor,
      issuedAt: this.clock.now().toISOString(),
    };
  }
}

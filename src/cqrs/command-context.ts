import { deriveId } from '../shared/ids';
import { Actor } from '../event-store/event-store.port';

/** Who issued a command, when, and in reaction to what: becomes every resulting event's metadata. */
export interface CommandContext {
  /** unique per command; a redelivered command has the same id, so its events have the same ids */
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** ISO instant of the command, from the clock */
  issuedAt: string;
}

/** The context of a second command issued by the same request (its own id, same correlation). */
export function subContext(ctx: CommandContext, label: string): CommandContext {
  return { ...ctx, commandId: deriveId(ctx.commandId, label) };
}

import { ICommand } from '@nestjs/cqrs';
import { CommandContext } from '../cqrs/command-context';
import { RecordedEvent } from '../event-store/event-store.port';
import { DeclaredEvent, StoredEvent } from '../event-store/stored-event';
import { WorkflowDefinition, WorkflowNode } from './workflow-definition';

type Nodes<D extends WorkflowDefinition> = D['nodes'][number];
/** The nodes the saga issues (runs absent or 'saga'); nodes that run inside a request have no builder. */
type SagaNode<D extends WorkflowDefinition> = Exclude<Nodes<D>, { runs: 'request' }>;
/** The event types a node waits for. */
type TriggersOf<D extends WorkflowDefinition, N extends string> = Extract<Nodes<D>, { name: N }>['on'][number];

/** Builds a node's command from the stored event that triggered it; null when the node does not apply. */
export type NodeBuilder<E extends DeclaredEvent> = (event: StoredEvent<E>, ctx: CommandContext) => ICommand | null;

/**
 * One builder per node the saga issues, each receiving exactly the events its node waits for,
 * typed as those events (a union narrowed by `type`).
 */
export type NodeBuilders<D extends WorkflowDefinition, E extends DeclaredEvent> = {
  [N in SagaNode<D>['name']]: NodeBuilder<Extract<E, { type: TriggersOf<D, N> }>>;
};

/** What the saga runs: a builder per node name, for any event it was given. */
export type NodeCommandFactory = (event: RecordedEvent, ctx: CommandContext) => ICommand | null;

/** The trigger types of D's saga nodes that E does not declare (never when E covers them all). */
type Undeclared<D extends WorkflowDefinition, E extends DeclaredEvent> = Exclude<SagaNode<D>['on'][number], E['type']>;

/**
 * Typed command builders for a workflow definition (declared `as const satisfies
 * WorkflowDefinition`, so its node names and trigger types are literal). E is the union of the
 * events its saga nodes wait for; a trigger type E does not declare is a compile error.
 *
 *   readonly commands = nodeCommands<PaymentEvent>()(PAYMENT_PROCESSING, {
 *     SendReceipt: (e, ctx) => new SendReceipt(e.data.paymentId, ctx), // e: the ChargePosted stored
 *   });
 */
export function nodeCommands<E extends DeclaredEvent>() {
  return <D extends WorkflowDefinition>(
    definition: D,
    builders: [Undeclared<D, E>] extends [never] ? NodeBuilders<D, E> : { undeclaredTriggers: Undeclared<D, E> },
  ): Readonly<Record<string, NodeCommandFactory>> => {
    const out: Record<string, NodeCommandFactory> = {};
    for (const node of definition.nodes as readonly WorkflowNode[]) {
      const build = (builders as Record<string, NodeBuilder<E> | undefined>)[node.name];
      if (!build) continue;
      const on = new Set(node.on);
      out[node.name] = (event, ctx) => {
        if (!on.has(event.type)) throw new Error(`node ${node.name} does not wait for ${event.type}`);
        // cast: the type was checked against the node's triggers just above, and the store
        // returns each event's data in its current declared shape (upcasters run on read)
        return build(event as StoredEvent<E>, ctx);
      };
    }
    return out;
  };
}

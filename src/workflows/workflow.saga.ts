import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandContext } from '../cqrs/command-context';
import { RecordedEvent } from '../event-store/event-store.port';
import { Clock } from '../shared/clock';
import { deriveId } from '../shared/ids';
import { SYSTEM_ACTOR } from '../shared/request-context';
import { EventReactor } from '../subscriptions/subscription.types';
import { NodeCommandFactory } from './node-commands';
import { validateWorkflow, WorkflowDefinition } from './workflow-definition';

export type { NodeCommandFactory } from './node-commands';

/**
 * Runs one declared workflow: for each stored event, every node it triggers issues its command.
 * The command's id derives from (workflow, node, event), so a redelivered event re-issues the
 * very same command, whose events are then already stored: nothing happens twice.
 */
export abstract class WorkflowSaga implements EventReactor {
  abstract readonly definition: WorkflowDefinition;
  /** the node builders, typed per node with nodeCommands() (node-commands.ts) */
  protected abstract readonly commands: Readonly<Record<string, NodeCommandFactory>>;
  private triggers?: Map<string, string[]>;
  private readonly logger = new Logger(WorkflowSaga.name);

  protected constructor(
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  get name(): string {
    return `workflow:${this.definition.name}`;
  }

  get eventTypes(): readonly string[] {
    return [...this.triggerMap().keys()];
  }

  /** Checks the DAG and that every node has a command: called at boot. */
  validate(): void {
    validateWorkflow(this.definition);
    for (const node of this.definition.nodes) {
      const runsHere = (node.runs ?? 'saga') === 'saga';
      if (runsHere && !this.commands[node.name])
        throw new Error(`workflow ${this.definition.name}: node ${node.name} has no command`);
    }
  }

  async handle(event: RecordedEvent): Promise<void> {
    for (const nodeName of this.triggerMap().get(event.type) ?? []) {
      const ctx: CommandContext = {
        commandId: deriveId('workflow', this.definition.name, nodeName, event.eventId),
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
        actor: SYSTEM_ACTOR,
        issuedAt: this.clock.now().toISOString(),
      };
      const command = this.commands[nodeName](event, ctx);
      if (command) await this.commandBus.execute(command);
    }
  }

  /**
   * Runs the event's nodes inside the request that stored it, so the answer can show their
   * effect. The event is recorded either way: a node that cannot run now is left to the saga,
   * which issues the very same commands from the log, so the request never fails for a change
   * that was made.
   */
  async runNow(event: RecordedEvent): Promise<void> {
    try {
      await this.handle(event);
    } catch (error) {
      this.logger.warn(`${this.name}: ${event.type} ${event.eventId} left to the saga (${String(error)})`);
    }
  }

  private triggerMap(): Map<string, string[]> {
    if (!this.triggers) {
      this.triggers = new Map();
      for (const node of this.definition.nodes) {
        if ((node.runs ?? 'saga') !== 'saga') continue;
        for (const type of node.on) this.triggers.set(type, [...(this.triggers.get(type) ?? []), node.name]);
      }
    }
    return this.triggers;
  }
}

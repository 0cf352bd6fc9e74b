import { RecordedEvent } from './event-store.port';

/**
 * Turns a stored event of an older schema version into the next version's shape.
 * Chains run on read, in both adapters, so deciders, projections and rebuilds only ever see
 * the current shape.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) this.register(u);
  }

  register(u: Upcaster): void {
    const key = `${u.type}@${u.fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
    this.byKey.set(key, u);
  }

  apply(event: RecordedEvent): RecordedEvent {
    if (this.byKey.size === 0) return event;
    let version = event.metadata.schemaVersion;
    let data = event.data;
    let step = this.byKey.get(`${event.type}@${version}`);
    if (!step) return event;
    while (step) {
      data = step.upcast(data);
      version += 1;
      step = this.byKey.get(`${event.type}@${version}`);
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

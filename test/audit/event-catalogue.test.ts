import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CURRENT_SCHEMA_VERSION } from '../../src/event-store/schema-versions';
import { UPCASTERS } from '../../src/upcasters';
import { PERSONAL_DATA } from '../../src/privacy/personal-data';
import { eventCatalogueMarkdown, readEventTypes } from '../support/event-catalogue';
import { workflowDefinitions } from '../support/workflow-definitions';

const DOC = path.join(__dirname, '../../docs/events.md');

describe('docs/events.md, the event catalogue', () => {
  it('knows every event type the registries name, and each personal field is a field of its event', () => {
    const { events } = readEventTypes();
    const types = new Set(events.map((e) => e.type));
    expect(events.length).toBe(types.size); // one declaration per type
    for (const type of [
      ...Object.keys(PERSONAL_DATA),
      ...Object.keys(CURRENT_SCHEMA_VERSION),
      ...UPCASTERS.map((u) => u.type),
    ])
      expect(types).toContain(type);
    for (const [type, rule] of Object.entries(PERSONAL_DATA)) {
      const fields = events.find((e) => e.type === type)!.fields.map((f) => f.path);
      for (const field of rule.fields) expect(fields).toContain(field);
    }
    expect([...types]).toEqual(
      expect.arrayContaining(['ChargePosted', 'RefundPosted', 'PaymentFailed', 'LessonCancelled', 'FamilyForgotten']),
    );
  });

  it('every workflow definition names only stored event types, besides its outcomes inside the request', () => {
    const types = new Set(readEventTypes().events.map((e) => e.type));
    const definitions = workflowDefinitions();
    expect(definitions.map((d) => d.name)).toEqual(expect.arrayContaining(['enrollment', 'lesson-scheduling']));
    const unknown = definitions.flatMap((def) => {
      const named = new Set([
        ...def.startsWith,
        ...def.nodes.flatMap((n) => [...n.on, ...n.emits]),
        ...(def.routers ?? []).flatMap((r) => r.routes.map((route) => route.on)),
      ]);
      const inRequest = def.requestOutcomes ?? [];
      return [
        ...[...named].filter((t) => !types.has(t) && !inRequest.includes(t)).map((t) => `${def.name} names ${t}`),
        ...inRequest.filter((t) => types.has(t)).map((t) => `${def.name} keeps the stored ${t} inside the request`),
      ];
    });
    expect(unknown).toEqual([]);
  });

  it('is the page generated from the code: a changed event type without the page fails here', () => {
    const generated = eventCatalogueMarkdown();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, generated);
    expect(readFileSync(DOC, 'utf8')).toBe(generated);
  });
});

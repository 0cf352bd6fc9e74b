import fc from 'fast-check';

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      const body = (content['application/json'] ?? Object.values(content)[0])?.schema;
      out.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body });
    }
  }
  return out;
}

/** Values that break naive code: types it does not expect, sizes, encodings, injections. */
const hostileStrings = [
  '',
  ' ',
  '\t',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  "' OR 1=1 --",
  '"; DROP TABLE es_events; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%',
  '\\',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  '😀🎹',
  'ℌ𝔢𝔩𝔩𝔬',
  '\u202e',
  '\ud800',
  'a'.repeat(5000),
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '-000001-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'x@y',
  '@',
  'a@b.c',
];
const hostileNumbers = [
  0,
  -1,
  1,
  -0,
  0.5,
  5e-324,
  -7e-323,
  1e21,
  65.255,
  -0.0001,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  123456789012345,
];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...hostileStrings),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );

export const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileString(),
    fc.constantFrom<unknown>(
      ...hostileNumbers,
      null,
      true,
      false,
      [],
      {},
      [null],
      { __proto__: { polluted: true } },
      { constructor: { prototype: { x: 1 } } },
    ),
    fc.integer(),
    fc.double(),
    fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), {
      maxKeys: 3,
    }),
    fc.constant(nested(30)),
  );

function nested(depth: number): unknown {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

export class SchemaArbitraries {
  constructor(
    private readonly doc: OpenApiDocument,
    /** real ids of the running app, so some requests reach past "not found" */
    private readonly ids: () => string[],
  ) {}

  /** A value for the schema: usually valid-looking, sometimes (hostileRate) hostile. */
  value(schema: JsonSchema | undefined, hostileRate = 0.15, depth = 0): fc.Arbitrary<unknown> {
    const valid = this.valid(schema, hostileRate, depth);
    const weight = Math.round(hostileRate * 100);
    return weight > 0
      ? fc.oneof({ arbitrary: valid, weight: 100 - weight }, { arbitrary: hostileValue(), weight })
      : valid;
  }

  private resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let i = 0; s.$ref && i < 10; i++) {
      const name = s.$ref.split('/').pop()!;
      s = this.doc.components?.schemas?.[name] ?? {};
    }
    if (s.allOf?.length) {
      const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
      for (const part of s.allOf.map((p) => this.resolve(p))) {
        Object.assign(merged.properties!, part.properties ?? {});
        merged.required!.push(...(part.required ?? []));
        if (part.type && part.type !== 'object') return part;
      }
      return merged;
    }
    return s;
  }

  private valid(schema: JsonSchema | undefined, hostileRate: number, depth: number): fc.Arbitrary<unknown> {
    if (!schema || depth > 6) return hostileValue();
    const s = this.resolve(schema);
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((a) => this.valid(a, hostileRate, depth + 1)));
    if (s.enum?.length) return fc.constantFrom(...s.enum);
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    switch (type ?? (s.properties ? 'object' : undefined)) {
      case 'string':
        return this.string(s);
      case 'integer':
        return fc.integer({ min: Math.ceil(s.minimum ?? -1000), max: Math.floor(s.maximum ?? 100_000) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.value(s.items, hostileRate / 2, depth + 1), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 5, 5),
        });
      case 'object': {
        const props = Object.entries(s.properties ?? {});
        if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), hostileValue(), { maxKeys: 3 });
        const required = new Set(s.required ?? []);
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of props) record[k] = this.value(v, hostileRate, depth + 1);
        const base = fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
        const keys = props.map(([k]) => k);
        // Now and then a required field missing, or a field nobody declared.
        return fc
          .tuple(
            base,
            fc.option(fc.constantFrom(...keys), { freq: 10 }),
            fc.option(fc.tuple(fc.constantFrom('isAdmin', 'role', 'id', '__proto__', 'extra'), hostileValue()), {
              freq: 8,
            }),
          )
          .map(([obj, drop, extra]) => {
            const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
            if (drop !== null) delete out[drop];
            if (extra)
              Object.defineProperty(out, extra[0], {
                value: extra[1],
                enumerable: true,
                writable: true,
                configurable: true,
              });
            return out;
          });
      }
      default:
        return hostileValue();
    }
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    const ids = this.ids();
    switch (s.format) {
      case 'uuid':
        return ids.length ? fc.oneof(fc.uuid(), fc.constantFrom(...ids)) : fc.uuid();
      case 'date-time':
        return fc
          .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString());
      case 'date':
        return fc
          .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      case 'email':
        return fc.emailAddress();
    }
    if (s.pattern) {
      try {
        return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 200));
      } catch {
        /* a pattern JavaScript cannot compile: fall through */
      }
    }
    const words = [
      'piano',
      'guitar',
      'violin',
      'voice',
      'drums',
      'monday',
      'wednesday',
      'Clara',
      'weekly',
      'scheduled',
      '09:00',
      '17:30',
      '30',
      'admin',
      'teacher',
      'parent',
    ];
    return fc.oneof(
      fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) }),
      fc.constantFrom(...words, ...ids),
    );
  }
}

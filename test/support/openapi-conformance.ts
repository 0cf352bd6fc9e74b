import Ajv, { ValidateFunction } from 'ajv';

/** The parts of an OpenAPI 3.0 document these checks read. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
  tags?: { name: string }[];
}
export interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }
  >;
}
export type Schema = Record<string, unknown>;

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operations(doc: OpenApiDoc): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

/**
 * The document's schemas as JSON Schema for ajv: OpenAPI 3.0's `nullable` becomes a null
 * alternative, and (unless `open`) an object that lists its properties allows no others, so a
 * field the code answers and the document leaves out fails as surely as a missing one.
 */
function toJsonSchema(node: unknown, open: ReadonlySet<string>, name?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, open));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'example' || k === 'examples' || k === 'nullable') continue;
    if (k === 'properties')
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, toJsonSchema(s, open)]),
      );
    else out[k] = toJsonSchema(v, open);
  }
  if (typeof out.$ref === 'string')
    out.$ref = (out.$ref as string).replace('#/components/schemas/', `${BASE}#/definitions/`);
  if (out.properties && out.additionalProperties === undefined && !(name && open.has(name)))
    out.additionalProperties = false;
  if ((node as Schema).nullable === true) {
    if (typeof out.type === 'string' && !out.$ref && !out.allOf && !out.oneOf && !out.anyOf) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const BASE = 'https://openapi.test/schemas';

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S+$/i,
};

/**
 * Checks real answers against the document: `check(res, 'get', '/api/v1/lessons/{id}')` finds
 * the operation, the documented answer of the response's status and its schema, and says what
 * does not match (an empty list when it all does).
 */
export class Conformance {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** which (method path status) were checked, so a test can say every main one was */
  readonly seen = new Set<string>();

  constructor(
    private readonly doc: OpenApiDoc,
    open: readonly string[] = ['Problem'],
  ) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    for (const [f, re] of Object.entries(FORMATS)) this.ajv.addFormat(f, re);
    const openSet = new Set(open);
    const definitions = Object.fromEntries(
      Object.entries(doc.components.schemas).map(([n, s]) => [n, toJsonSchema(s, openSet, n)]),
    );
    this.ajv.addSchema({ $id: BASE, definitions });
  }

  check(
    res: { status: number; headers: Record<string, string>; body: unknown; text?: string },
    method: string,
    path: string,
  ): string[] {
    const op = this.doc.paths[path]?.[method];
    if (!op) return [`${method} ${path} is not in the document`];
    const answer = op.responses[String(res.status)];
    if (!answer)
      return [
        `${method} ${path} answered ${res.status}, which the document does not list (${Object.keys(op.responses).join(', ')})`,
      ];
    this.seen.add(`${method} ${path} ${res.status}`);
    const type = (res.headers['content-type'] ?? '').split(';')[0].trim();
    if (!answer.content)
      return res.status === 204 || !type
        ? []
        : [`${method} ${path} ${res.status}: answered ${type}, the document lists no content`];
    const media = answer.content[type];
    if (!media)
      return [
        `${method} ${path} ${res.status}: answered ${type}, the document lists ${Object.keys(answer.content).join(', ')}`,
      ];
    if (type !== 'application/json') return [];
    const key = `${method} ${path} ${res.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(media.schema, new Set()) as object);
      this.compiled.set(key, validate);
    }
    return validate(res.body)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${key}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
        );
  }
}

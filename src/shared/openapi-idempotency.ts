import { OpenAPIObject } from '@nestjs/swagger';

const NAME = 'Idempotency-Key';
const DESCRIPTION =
  'optional: a retry of the same request with the same key is answered as the first, and changes nothing more';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
}

/**
 * Every route that reads the Idempotency-Key header treats it as optional, but the OpenAPI
 * document lists a header read with @Headers() as required. This lists it once per operation,
 * as optional, keeping the route's own description when it has one.
 */
export function optionalIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, { parameters?: Parameter[] }>)) {
      if (!operation || typeof operation !== 'object' || !Array.isArray(operation.parameters)) continue;
      const isKey = (p: Parameter) => p.in === 'header' && p.name.toLowerCase() === NAME.toLowerCase();
      const found = operation.parameters.filter(isKey);
      if (found.length === 0) continue;
      const description = found.find((p) => p.description)?.description ?? DESCRIPTION;
      operation.parameters = [
        ...operation.parameters.filter((p) => !isKey(p)),
        { name: NAME, in: 'header', required: false, description, schema: { type: 'string' } },
      ];
    }
  }
  return document;
}

import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

// NUL cannot be stored in PostgreSQL text or jsonb; the other C0 controls (but tab, line feed,
// carriage return) have no business in a form field either.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

function find(value: unknown, path: string, depth = 0): string | null {
  if (depth > 20) return path;
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = find(v, `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = find(k, path ? `${path}.${k}` : k, depth + 1) ?? find(v, path ? `${path}.${k}` : k, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** Refuses request bodies, queries and params that carry control characters. */
@Injectable()
export class NoControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const hit = find(value, metadata.type === 'body' ? '' : (metadata.data ?? metadata.type));
    if (hit !== null) throw new BadRequestException(`${hit || 'the body'} contains a control character`);
    return value;
  }
}

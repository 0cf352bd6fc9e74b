import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { WorkflowDefinition } from '../../src/workflows/workflow-definition';

const SRC = path.join(__dirname, '../../src');

const isDefinition = (x: unknown): x is WorkflowDefinition =>
  !!x && typeof x === 'object' && Array.isArray((x as WorkflowDefinition).nodes) && 'startsWith' in x;

/** Every workflow definition the app declares: the exported definitions of src's `*.workflow.ts` files. */
export function workflowDefinitions(): WorkflowDefinition[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.workflow.ts'))
    .sort();
  return files.flatMap((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(SRC, f)) as Record<string, unknown>;
    return Object.values(exports).filter(isDefinition);
  });
}

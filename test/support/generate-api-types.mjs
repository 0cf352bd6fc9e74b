// Generates TypeScript types from an OpenAPI document with openapi-typescript, as a front end
// does: `node generate-api-types.mjs <document.json> <types.ts>`. A script of its own because
// openapi-typescript loads ES modules that Jest's module loader cannot.
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

const [source, target] = process.argv.slice(2);
const ast = await openapiTS(JSON.parse(readFileSync(source, 'utf8')));
writeFileSync(target, astToString(ast));

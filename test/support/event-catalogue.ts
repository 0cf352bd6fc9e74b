import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { CURRENT_SCHEMA_VERSION } from '../../src/event-store/schema-versions';
import { UPCASTERS } from '../../src/upcasters';
import { PERSONAL_DATA } from '../../src/privacy/personal-data';

/**
 * docs/events.md, generated from the code: every `{ type: 'X'; data: {...} }` type declared in
 * a `*.events.ts` file, read with the TypeScript compiler (fields, types, comments), with the
 * personal fields of src/privacy/personal-data.ts, the schema versions of
 * src/event-store/schema-versions.ts, the upcasters of src/upcasters.ts, and the
 * stream of each aggregate (its `xStream` function). test/audit/event-catalogue.test.ts
 * compares the page with this; UPDATE_DOCS=1 rewrites it.
 */
const ROOT = path.join(__dirname, '../..');
const SRC = path.join(ROOT, 'src');

interface Field {
  path: string;
  type: string;
  optional: boolean;
  doc: string;
}

interface EventType {
  type: string;
  file: string;
  aggregate: string | null;
  doc: string;
  fields: Field[];
}

function sourceFiles(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

function docOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string {
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim() : '';
}

function render(t: ts.Type, checker: ts.TypeChecker): string {
  if (t.isUnion()) {
    const parts = t.types.map((p) => render(p, checker));
    const set = new Set(parts);
    if (set.has('true') && set.has('false')) {
      set.delete('true');
      set.delete('false');
      set.add('boolean');
    }
    return [...set].sort((a, b) => Number(a === 'null') - Number(b === 'null')).join(' | ');
  }
  if (t.isStringLiteral()) return JSON.stringify(t.value);
  return checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
}

function isRecord(t: ts.Type, checker: ts.TypeChecker): boolean {
  return !!(t.flags & ts.TypeFlags.Object) && !checker.isArrayType(t) && checker.getPropertiesOfType(t).length > 0;
}

function fieldsOf(t: ts.Type, prefix: string, at: ts.Node, checker: ts.TypeChecker, out: Field[]): Field[] {
  for (const prop of checker.getPropertiesOfType(t)) {
    const type = checker.getTypeOfSymbolAtLocation(prop, at);
    const name = `${prefix}${prop.name}`;
    out.push({
      path: name,
      type: render(type, checker),
      optional: !!(prop.flags & ts.SymbolFlags.Optional),
      doc: docOf(prop, checker),
    });
    const inner = checker.getNonNullableType(type);
    if (isRecord(inner, checker) && !inner.isUnion()) fieldsOf(inner, `${name}.`, at, checker, out);
    else if (checker.isArrayType(inner)) {
      const element = checker.getTypeArguments(inner as ts.TypeReference)[0];
      if (element && isRecord(element, checker)) fieldsOf(element, `${name}[].`, at, checker, out);
    }
  }
  return out;
}

/** `xStream = (…) => \`x-${id}\`` of every source file: aggregate name → stream id pattern. */
function streamPatterns(files: readonly ts.SourceFile[]): Map<string, string> {
  const patterns = new Map<string, string>();
  for (const sf of files) {
    sf.forEachChild((node) => {
      if (!ts.isVariableStatement(node)) return;
      for (const d of node.declarationList.declarations) {
        if (
          !ts.isIdentifier(d.name) ||
          !d.name.text.endsWith('Stream') ||
          !d.initializer ||
          !ts.isArrowFunction(d.initializer)
        )
          continue;
        const body = d.initializer.body;
        // `${id}` stays as written; a computed part (a hash of an address…) shows as `${…}`.
        if (ts.isTemplateExpression(body) || ts.isNoSubstitutionTemplateLiteral(body)) {
          const text = body
            .getText(sf)
            .slice(1, -1)
            .replace(/\$\{([^}]*)\}/g, (all, expr: string) => (/^\w+$/.test(expr) ? all : '${…}'));
          patterns.set(d.name.text.slice(0, -'Stream'.length).toLowerCase(), text);
        }
      }
    });
  }
  return patterns;
}

export function readEventTypes(): {
  events: EventType[];
  streams: Map<string, string>;
  versionDocs: Map<string, string>;
} {
  const eventFiles = sourceFiles(SRC, /\.events\.ts$/);
  const schemaFile = path.join(SRC, 'event-store/schema-versions.ts');
  const program = ts.createProgram([...eventFiles, schemaFile], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const events: EventType[] = [];
  const memberOf = new Map<string, string>();
  for (const file of eventFiles) {
    const sf = program.getSourceFile(file)!;
    sf.forEachChild((node) => {
      if (!ts.isTypeAliasDeclaration(node)) return;
      const m = /^(\w+)Event$/.exec(node.name.text);
      if (m) {
        const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
        for (const member of members)
          if (ts.isTypeReferenceNode(member)) memberOf.set(member.typeName.getText(sf), m[1]);
        return;
      }
      const type = checker.getTypeAtLocation(node.name);
      const typeProp = type.getProperty('type');
      const dataProp = type.getProperty('data');
      if (!typeProp || !dataProp) return;
      const literal = checker.getTypeOfSymbolAtLocation(typeProp, node);
      if (!literal.isStringLiteral()) return;
      const data = checker.getTypeOfSymbolAtLocation(dataProp, node);
      const aliasDoc = docOf(checker.getSymbolAtLocation(node.name), checker);
      events.push({
        type: literal.value,
        file: path.relative(ROOT, file),
        aggregate: node.name.text,
        doc: [aliasDoc, docOf(dataProp, checker)].filter(Boolean).join(' '),
        fields: fieldsOf(data, '', node, checker, []),
      });
    });
  }
  for (const e of events) e.aggregate = memberOf.get(e.aggregate!) ?? null;
  const versionDocs = new Map<string, string>();
  const schema = program.getSourceFile(schemaFile)!;
  const walk = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name))
      versionDocs.set(node.name.text, docOf(checker.getSymbolAtLocation(node.name), checker));
    node.forEachChild(walk);
  };
  walk(schema);
  const allFiles = sourceFiles(SRC, /\.ts$/).filter((f) => !f.endsWith('.spec.ts'));
  const streams = streamPatterns(
    allFiles.map((f) => ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true)),
  );
  return { events: events.sort((a, b) => a.file.localeCompare(b.file) || 0), streams, versionDocs };
}

/** What a field's value means, from its name: units an auditor must not guess. */
function unitOf(field: Field): string {
  const leaf = field.path.split('.').pop()!.replace('[]', '');
  if (/Cents$/.test(leaf)) return 'integer cents (CAD); the API shows dollars';
  if (leaf === 'parentId' || leaf === 'familyId') return "the family: its parent's user id";
  if (/DateOfBirth$|^dateOfBirth$/.test(leaf)) return 'date, YYYY-MM-DD';
  if (/At$/.test(leaf) && field.type.includes('string')) return 'ISO 8601 instant';
  if (/Minutes$/.test(leaf)) return 'minutes';
  if (/Id$|^id$/.test(leaf) && field.type.includes('string')) return 'id';
  return '';
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function eventCatalogueMarkdown(): string {
  const { events, streams, versionDocs } = readEventTypes();
  const out: string[] = [
    '# Event catalogue',
    '',
    '<!-- generated from the code by test/support/event-catalogue.ts; test/audit/event-catalogue.test.ts fails when it is stale (UPDATE_DOCS=1 rewrites it) -->',
    '',
    'Every event type the academy records, as its `data` is written today. Read with docs/audit.md.',
    '',
    '- **Amounts** are integer **cents** (CAD) in events; the API speaks dollars (`4500` here is `45` there).',
    "- **A family** is its parent account: `parentId` / `familyId` is the parent's user id.",
    '- **Personal** fields are stored encrypted (`pii:1:<familyId>:…`, docs/audit.md §6), or as `"[erased]"` once the family was forgotten.',
    '- **Schema version**: `metadata.schemaVersion` of an event as written. Events stored at an older version keep their old shape in the log (and in exports); the product upcasts them on read. Each upcast is listed.',
    '- Every event also has `metadata`: `correlationId`, `causationId` (the event or command that caused it, or null), `actor` (`{id, role}`: a user id, or `system` / `stripe` / `public`), `occurredAt` (ISO 8601 instant), `schemaVersion`.',
    '',
    '| event type | stream | schema version |',
    '|---|---|---|',
  ];
  const streamOf = (e: EventType) =>
    e.aggregate && streams.get(e.aggregate.toLowerCase())
      ? `\`${streams.get(e.aggregate.toLowerCase())}\``
      : (e.aggregate ?? '');
  for (const e of events)
    out.push(
      `| [${e.type}](#${e.type.toLowerCase()}) | ${cell(streamOf(e))} | ${CURRENT_SCHEMA_VERSION[e.type] ?? 1} |`,
    );
  for (const e of events) {
    const personal = new Set(PERSONAL_DATA[e.type]?.fields ?? []);
    const version = CURRENT_SCHEMA_VERSION[e.type] ?? 1;
    out.push('', `## ${e.type}`, '');
    if (e.doc) out.push(e.doc, '');
    out.push(`Stream: ${streamOf(e) || '—'}. Declared in \`${e.file}\`. Schema version ${version}.`);
    const upcasts = UPCASTERS.filter((u) => u.type === e.type).sort((a, b) => a.fromVersion - b.fromVersion);
    for (const u of upcasts)
      out.push(
        `Upcast v${u.fromVersion} → v${u.fromVersion + 1}${versionDocs.get(e.type) ? `: ${versionDocs.get(e.type)!.replace(/^v\d+:\s*/, '')}` : ''}.`,
      );
    out.push('', '| field | type | unit | personal | notes |', '|---|---|---|---|---|');
    if (e.fields.length === 0) out.push('| (none) | | | | |');
    for (const f of e.fields) {
      out.push(
        `| \`${f.path}\`${f.optional ? ' (optional)' : ''} | \`${cell(f.type)}\` | ${unitOf(f)} | ${personal.has(f.path) ? 'yes' : ''} | ${cell(f.doc)} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

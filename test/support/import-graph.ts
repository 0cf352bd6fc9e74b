import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** One import of a source file: what it names and, for a file of the tree, that file. */
export interface Import {
  specifier: string;
  target?: SourceFile;
  /** `import type …`: gone at run time */
  typeOnly: boolean;
  /** `import('…')` or `require('…')`: loaded when first used, not when the file loads */
  lazy: boolean;
}

export interface SourceFile {
  /** path from the repository root, with forward slashes */
  rel: string;
  text: string;
  /** the text without comments */
  code: string;
  isSpec: boolean;
  imports: Import[];
}

export interface ImportGraph {
  files: SourceFile[];
  /** the file and every file it imports, directly or not (imports that stay at run time) */
  reachable(file: SourceFile): SourceFile[];
  /** each set of files that import each other in a circle, at run time */
  cycles(): SourceFile[][];
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every `import`/`export … from`/`require` of the .ts files under the given folders, resolved. */
export function importGraph(root: string, folders: string[]): ImportGraph {
  const byPath = new Map<string, SourceFile>();
  for (const full of folders.flatMap((d) => tsFiles(path.join(root, d)))) {
    const text = readFileSync(full, 'utf8');
    const rel = path.relative(root, full).split(path.sep).join('/');
    byPath.set(full, { rel, text, code: withoutComments(text), isSpec: /\.(spec|test)\.ts$/.test(full), imports: [] });
  }
  const resolve = (from: string, specifier: string) => {
    if (!specifier.startsWith('.')) return undefined;
    const base = path.resolve(path.dirname(from), specifier);
    return [`${base}.ts`, path.join(base, 'index.ts'), base].map((p) => byPath.get(p)).find(Boolean);
  };
  for (const [full, file] of byPath) {
    const add = (specifier: string, typeOnly: boolean, lazy: boolean) =>
      file.imports.push({ specifier, target: resolve(full, specifier), typeOnly, lazy });
    for (const m of file.code.matchAll(STATIC)) {
      const names = m[3].trim();
      const allTypes =
        /^\{[\s\S]*\}$/.test(names) &&
        names
          .slice(1, -1)
          .split(',')
          .every((n) => !n.trim() || /^type\s/.test(n.trim()));
      add(m[4], Boolean(m[2]) || allTypes, false);
    }
    for (const m of file.code.matchAll(SIDE_EFFECT)) add(m[1], false, false);
    for (const m of file.code.matchAll(DYNAMIC)) add(m[1], false, true);
  }
  const files = [...byPath.values()];
  const runtimeEdges = (f: SourceFile) =>
    f.imports.filter((i) => i.target && !i.typeOnly && !i.lazy).map((i) => i.target!);

  const reachable = (start: SourceFile) => {
    const seen = new Set<SourceFile>([start]);
    const queue = [start];
    while (queue.length) {
      for (const next of runtimeEdges(queue.pop()!)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return [...seen];
  };

  /** Tarjan's strongly connected components: each one larger than a file is a cycle. */
  const cycles = () => {
    let counter = 0;
    const index = new Map<SourceFile, number>();
    const low = new Map<SourceFile, number>();
    const stack: SourceFile[] = [];
    const onStack = new Set<SourceFile>();
    const found: SourceFile[][] = [];
    const visit = (v: SourceFile) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      for (const w of runtimeEdges(v)) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: SourceFile[] = [];
        let w: SourceFile;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || runtimeEdges(v).includes(v)) found.push(component.reverse());
      }
    };
    for (const f of files) if (!index.has(f)) visit(f);
    return found;
  };

  return { files, reachable, cycles };
}

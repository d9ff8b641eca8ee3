/**
 * The source tree's shape as data, for test/unit/architecture.test.ts: each file's imports (grown
 * from cli-startup's scan: type-only imports count here, since a type import also ties two files
 * together) and the rules the tree keeps. Every check takes a plain file → imports map, so a test
 * can hand it a planted cycle or a forbidden import without touching src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';

export interface FileImports {
  /** src-relative files this file imports statically (`import`, `import type`, `export … from`). */
  files: string[];
  /** The same reached by `import()` (or `typeof import()`): a command's lazy action, a client loaded on demand. */
  lazyFiles: string[];
  /** Packages, static or lazy (`node:` builtins included). */
  packages: string[];
}

export type ImportGraph = Map<string, FileImports>;

const STATIC = /^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
const LAZY = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The specifiers a module's text names: static, and lazy. */
export function specifiers(text: string): { static: string[]; lazy: string[] } {
  return {
    static: [...text.matchAll(STATIC)].map((m) => (m[1] ?? m[2])!),
    lazy: [...text.matchAll(LAZY)].map((m) => m[1]!),
  };
}

/** A relative specifier of `from` as the src-relative file it names, if it is one of `files`. */
export function resolve(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const p = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const c of [p, p.replace(/\.js$/, '.ts'), `${p}.ts`, `${p}/index.ts`]) if (files.has(c)) return c;
  return undefined;
}

/** Every .ts file under `root`, src-relative, with its text. */
export function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(posix.join(root, dir)).sort()) {
      const rel = dir ? `${dir}/${name}` : name;
      if (statSync(posix.join(root, rel)).isDirectory()) walk(rel);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.set(rel, readFileSync(posix.join(root, rel), 'utf8'));
    }
  };
  walk('');
  return out;
}

export function importGraph(texts: ReadonlyMap<string, string>): ImportGraph {
  const files = new Set(texts.keys());
  const graph: ImportGraph = new Map();
  for (const [file, text] of texts) {
    const found = specifiers(text);
    const entry: FileImports = { files: [], lazyFiles: [], packages: [] };
    for (const [list, specs] of [
      [entry.files, found.static],
      [entry.lazyFiles, found.lazy],
    ] as const) {
      for (const spec of specs) {
        if (!spec.startsWith('.')) entry.packages.push(spec);
        else {
          const target = resolve(file, spec, files);
          if (target) list.push(target);
        }
      }
    }
    graph.set(file, entry);
  }
  return graph;
}

/** The import cycles (strongly connected components of more than one file, or a file importing itself) over static imports. */
export function importCycles(graph: ReadonlyMap<string, { files: readonly string[] }>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.files ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.files.includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** What core may not reach: the adapters, the CLI, the wiring, and the packages that belong to them. */
const CORE_FORBIDDEN_DIRS = ['aws/', 'cli/', 'lambda/', 'packaging/', 'api/'];
const CORE_FORBIDDEN_PACKAGES = /^(@aws-sdk\/|@smithy\/|chalk$|ora$|cli-table3$|asciichart$|commander$|esbuild$|fflate$)/;

/**
 * Layering: `cli → api → core ← aws`, `lambda → api`; core/kernel/ (when there is one) imports only
 * itself and node: builtins. The src/api functions are the one wiring of ports to adapters: the CLI
 * and the Lambda handler reach aws/ only for the clients (aws/sdk/), never an adapter.
 */
export function layeringProblems(graph: ImportGraph): string[] {
  const problems: string[] = [];
  const hasKernel = [...graph.keys()].some((f) => f.startsWith('core/kernel/'));
  for (const [file, imports] of graph) {
    const reached = [...imports.files, ...imports.lazyFiles];
    if (file.startsWith('core/')) {
      for (const t of reached)
        if (CORE_FORBIDDEN_DIRS.some((d) => t.startsWith(d)) || t === 'index.ts')
          problems.push(`${file} imports ${t} (core imports no adapter, CLI or wiring)`);
      for (const p of imports.packages)
        if (CORE_FORBIDDEN_PACKAGES.test(p)) problems.push(`${file} imports ${p} (core imports no SDK or output library)`);
    }
    if (hasKernel && file.startsWith('core/kernel/')) {
      for (const t of reached)
        if (!t.startsWith('core/kernel/')) problems.push(`${file} imports ${t} (the kernel imports nothing outside itself)`);
      for (const p of imports.packages)
        if (!p.startsWith('node:')) problems.push(`${file} imports ${p} (the kernel imports only node: builtins)`);
    }
    if (file.startsWith('aws/') || file.startsWith('lambda/')) {
      for (const t of reached) if (t.startsWith('cli/')) problems.push(`${file} imports ${t} (only the CLI imports the CLI)`);
    }
    if (file.startsWith('cli/') || file.startsWith('lambda/')) {
      for (const t of reached)
        if (t.startsWith('aws/') && !t.startsWith('aws/sdk/'))
          problems.push(`${file} imports ${t} (ports are wired to adapters in src/api only; call the api function)`);
    }
  }
  return problems.sort();
}

export const MAX_LINES = 250;

/** Files longer than MAX_LINES lines. */
export function oversized(texts: ReadonlyMap<string, string>, max = MAX_LINES): string[] {
  const out: string[] = [];
  for (const [file, text] of texts) {
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > max) out.push(`${file}: ${lines} lines (at most ${max})`);
  }
  return out.sort();
}

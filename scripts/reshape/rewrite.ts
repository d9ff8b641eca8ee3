/**
 * Rewriting what points at a moved file: relative specifiers and path strings in code (resolved
 * against where the file WAS, written from where it IS), and repository paths in comments and docs.
 * Paths are repository-relative with forward slashes.
 */
import { posix } from 'node:path';

export interface Tree {
  /** old path → new path, for every file that moves. */
  moved: Map<string, string>;
  /** Every file before the move. */
  files: Set<string>;
  /** Every folder before the move. */
  dirs: Set<string>;
  /**
   * A path not in `files` that the rules place at a file that is (a file another branch still
   * imports at its old place, merged with a tree already reshaped); undefined otherwise.
   */
  place(oldPath: string): string | undefined;
}

export interface Note {
  file: string;
  text: string;
}

/** The file a relative specifier names, before the move: `x.js` → `x.ts`, a folder → its index.ts. */
function resolveFile(spec: string, fromDir: string, tree: Tree): { path: string; form: 'exact' | 'js' | 'bare' | 'index' } | undefined {
  const abs = posix.normalize(posix.join(fromDir, spec));
  const exists = (p: string) => tree.files.has(p) || tree.place(p) !== undefined;
  if (tree.files.has(abs)) return { path: abs, form: 'exact' };
  if (/\.m?js$/.test(abs)) {
    const ts = abs.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
    if (exists(ts)) return { path: ts, form: 'js' };
  }
  if (exists(`${abs}.ts`)) return { path: `${abs}.ts`, form: 'bare' };
  if (exists(`${abs}/index.ts`)) return { path: `${abs}/index.ts`, form: 'index' };
  return undefined;
}

function relative(fromDir: string, to: string): string {
  const r = posix.relative(fromDir, to);
  return r.startsWith('.') ? r : `./${r}`;
}

/** A relative string of a file, rewritten for its new place; undefined when it stays as it is. */
export function rewriteSpecifier(spec: string, oldFile: string, newFile: string, tree: Tree): string | undefined {
  const oldDir = posix.dirname(oldFile);
  const newDir = posix.dirname(newFile);
  const target = resolveFile(spec, oldDir, tree);
  if (target) {
    const now = tree.moved.get(target.path) ?? (tree.files.has(target.path) ? target.path : tree.place(target.path)) ?? target.path;
    // Neither end moved: the string stays as written (`../../src/lambda/` from src/packaging/ on purpose).
    if (now === target.path && oldFile === newFile) return undefined;
    let out: string;
    if (target.form === 'exact') out = relative(newDir, now);
    else if (target.form === 'js')
      out = relative(newDir, now)
        .replace(/\.ts$/, '.js')
        .replace(/\.mts$/, '.mjs');
    else if (target.form === 'bare') out = relative(newDir, now).replace(/\.ts$/, '');
    else out = now.endsWith('/index.ts') ? relative(newDir, posix.dirname(now)) : relative(newDir, now).replace(/\.ts$/, '.js');
    return out === spec ? undefined : out;
  }
  // A folder (a string with at least one named segment): it does not move, the file may have.
  const trailing = spec.endsWith('/') ? '/' : '';
  const abs = posix.normalize(posix.join(oldDir, spec)).replace(/\/$/, '');
  if (oldFile !== newFile && /[^./]/.test(spec) && tree.dirs.has(abs)) {
    const out = relative(newDir, abs) + trailing;
    return out === spec || out === `${spec}/` ? undefined : out;
  }
  return undefined;
}

const STRING = /(['"`])(\.\.?\/[^'"`\n]*?)\1/g;

/** Every relative string in a code file rewritten; notes for those that resolve to nothing. */
export function rewriteCode(text: string, oldFile: string, newFile: string, tree: Tree, notes: Note[]): string {
  return text.replace(STRING, (whole, quote: string, spec: string) => {
    if (quote === '`' && spec.includes('${')) {
      // A template: only its static folder part can be followed (`../../src/lambda/${name}.ts`).
      const head = spec.slice(0, spec.indexOf('${'));
      const cut = head.lastIndexOf('/') + 1;
      if (cut === 0) return whole;
      const dir = rewriteSpecifier(head.slice(0, cut), oldFile, newFile, tree);
      return dir ? `${quote}${dir}${spec.slice(cut)}${quote}` : whole;
    }
    const out = rewriteSpecifier(spec, oldFile, newFile, tree);
    if (out) return `${quote}${out}${quote}`;
    if (oldFile !== newFile && !resolvesAtAll(spec, posix.dirname(oldFile), tree))
      notes.push({ file: newFile, text: `relative string ${quote}${spec}${quote} names nothing here; left as it is` });
    return whole;
  });
}

function resolvesAtAll(spec: string, dir: string, tree: Tree): boolean {
  const abs = posix.normalize(posix.join(dir, spec)).replace(/\/$/, '');
  return resolveFile(spec, dir, tree) !== undefined || tree.dirs.has(abs);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Repository paths of moved files in prose (comments, docs): `src/core/quote.ts`, the src-relative
 * `core/quote.ts`, the cli-relative `actions/deploy.ts`, `test/unit/quote.test.ts`. Only whole paths: a path inside a longer one is not one.
 */
export function pathRewriter(moved: Map<string, string>): (text: string) => string {
  const pairs: [string, string][] = [];
  for (const [from, to] of moved) {
    pairs.push([from, to]);
    if (from.startsWith('src/') && to.startsWith('src/')) pairs.push([from.slice(4), to.slice(4)]);
    // Within the CLI, comments say `commands/deploy.ts` and `actions/deploy.ts`.
    if (from.startsWith('src/cli/') && to.startsWith('src/cli/')) pairs.push([from.slice(8), to.slice(8)]);
  }
  if (pairs.length === 0) return (text) => text;
  pairs.sort((a, b) => b[0].length - a[0].length);
  const map = new Map(pairs);
  const re = new RegExp(`(?<![\\w./-])(${pairs.map(([from]) => escape(from)).join('|')})(?![\\w/-])`, 'g');
  return (text) => text.replace(re, (m) => map.get(m) ?? m);
}

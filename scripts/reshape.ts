/**
 * Issue 23's reshape: moves src/ into folders by concept (src/api/, src/cli/commands/<name>/,
 * src/core/kernel/, …) and test/unit/ to mirror it, with `git mv`, then rewrites every relative
 * specifier and path string in src/, test/, bench/, scripts/ and bin/ (and moved paths named in
 * comments, *.md and package.json) so the tree type-checks. Where each file goes is decided by the
 * rules in scripts/reshape/rules.ts; a file no rule places stays and is printed.
 *
 *   npx tsx scripts/reshape.ts --dry-run   # the plan, changing nothing
 *   npx tsx scripts/reshape.ts             # do it (run from the repository's root, on a clean tree)
 *
 * Running it again changes nothing. It also runs on a tree that is partly reshaped (a reshaped
 * branch merged with branches that added files at the old places): an import of a file that moved
 * already is followed to where the rules put it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { commandNames, KNOWN_FOLDERS, placeSrc, placeTest } from './reshape/rules.js';
import { pathRewriter, rewriteCode, type Note, type Tree } from './reshape/rewrite.js';

const dryRun = process.argv.includes('--dry-run');
if (!existsSync('package.json') || !existsSync('src/index.ts')) {
  console.error('run it from the repository root (where package.json and src/index.ts are)');
  process.exit(2);
}

const SKIP = new Set(['node_modules', 'dist', '.git', '.cache', 'build']);
function walk(dir: string, out: string[] = [], dirs?: Set<string>): string[] {
  if (!existsSync(dir)) return out;
  dirs?.add(dir);
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name)) continue;
    const p = posix.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out, dirs);
    else out.push(p);
  }
  return out;
}

const CODE_ROOTS = ['src', 'test', 'bench', 'scripts', 'bin'];
const dirs = new Set<string>();
const all = CODE_ROOTS.flatMap((r) => walk(r, [], dirs));
// What code may point at without being rewritten (package.json, conf/, docs/): known, never moved.
const others = [
  ...readdirSync('.').filter((n) => !SKIP.has(n) && statSync(n).isFile()),
  ...['conf', 'docs'].flatMap((d) => walk(d, [], dirs)),
];
for (const n of readdirSync('.')) if (!SKIP.has(n) && statSync(n).isDirectory()) dirs.add(n);
const files = new Set([...all, ...others]);
const srcFiles = all.filter((f) => f.startsWith('src/')).map((f) => f.slice(4));
const commands = commandNames(srcFiles);

const moved = new Map<string, string>();
const why = new Map<string, string>();
const unplaced: string[] = [];
const problems: string[] = [];

// src/
for (const rel of srcFiles) {
  const p = placeSrc(rel, commands);
  if ('unplaced' in p) unplaced.push(`src/${rel}: ${p.unplaced}`);
  if (!('to' in p)) continue;
  const again = placeSrc(p.to, commands);
  if (!('keep' in again)) problems.push(`rules: src/${p.to} (from src/${rel}) would move again`);
  moved.set(`src/${rel}`, `src/${p.to}`);
  why.set(`src/${rel}`, p.why);
}

const tree: Tree = {
  moved,
  files,
  dirs,
  place(old) {
    if (!old.startsWith('src/')) return undefined;
    const p = placeSrc(old.slice(4), commands);
    return 'to' in p && files.has(`src/${p.to}`) ? `src/${p.to}` : undefined;
  },
};

// test/unit/: each test beside the path of what it tests.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)['"](\.\.?\/[^'"]+)['"]/gm;
for (const file of all.filter((f) => /^test\/unit\/[^/]+$/.test(f))) {
  if (!file.endsWith('.test.ts')) {
    unplaced.push(`${file}: not a test file; stays at test/unit/`);
    continue;
  }
  const imports: { old: string; now: string }[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const abs = posix.normalize(posix.join('test/unit', m[1]!)).replace(/\.js$/, '.ts');
    const old = files.has(abs) ? abs : tree.place(abs) ? abs : undefined;
    if (!old?.startsWith('src/')) continue;
    const now = moved.get(old) ?? tree.place(old) ?? old;
    imports.push({ old: old.slice(4), now: now.slice(4) });
  }
  const name = posix.basename(file, '.test.ts');
  const p = placeTest(name, imports);
  if ('unplaced' in p) unplaced.push(`${file}: ${p.unplaced}`);
  if (!('to' in p)) continue;
  moved.set(file, `test/unit/${p.to}.test.ts`);
  why.set(file, p.why);
}

// Nothing may land on a file that stays, or two files on one place.
const targets = new Map<string, string>();
for (const [from, to] of moved) {
  if (targets.has(to)) problems.push(`${from} and ${targets.get(to)} both go to ${to}`);
  targets.set(to, from);
  if (files.has(to) && !moved.has(to)) problems.push(`${from} → ${to}: a file is there already`);
}
if (problems.length) {
  console.error(`nothing done:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

// New contents, computed from the old tree before anything moves.
const notes: Note[] = [];
const prose = pathRewriter(moved);
const writes = new Map<string, string>();
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;
// This script and its rules name the old paths on purpose.
const SELF = /^scripts\/reshape(\.ts$|\/)/;
for (const old of all) {
  const now = moved.get(old) ?? old;
  if ((!CODE.test(old) && !old.startsWith('bin/')) || SELF.test(old)) continue;
  const text = readFileSync(old, 'utf8');
  const next = prose(rewriteCode(text, old, now, tree, notes));
  if (next !== text) writes.set(now, next);
}
const docs = ['.', 'docs', 'bench'].flatMap((d) =>
  existsSync(d)
    ? readdirSync(d)
        .filter((n) => n.endsWith('.md'))
        .map((n) => posix.join(d, n))
    : [],
);
for (const doc of docs) {
  const text = readFileSync(doc, 'utf8');
  const next = prose(text);
  if (next !== text) writes.set(doc, next);
}
// node --test on Node 20 expands no glob itself, and sh has no **: list the unit tests with find.
const pkg = readFileSync('package.json', 'utf8');
const pkgNext = pkg.split('test/unit/*.test.ts').join("$(find test/unit -name '*.test.ts' | sort)");
if (pkgNext !== pkg) writes.set('package.json', pkgNext);

// The report.
const byDir = new Map<string, string[]>();
for (const [from, to] of moved) {
  const dir = posix.dirname(to);
  byDir.set(dir, [...(byDir.get(dir) ?? []), `${from} → ${to}  (${why.get(from)})`]);
}
console.log(`${dryRun ? 'would move' : 'moving'} ${moved.size} files:`);
for (const dir of [...byDir.keys()].sort()) for (const line of byDir.get(dir)!) console.log(`  ${line}`);
console.log(`${dryRun ? 'would rewrite' : 'rewriting'} ${writes.size} files${dryRun ? `: ${[...writes.keys()].join(', ')}` : ''}`);
console.log(
  unplaced.length ? `could not place ${unplaced.length} (they stay where they are):\n  ${unplaced.join('\n  ')}` : 'every file placed',
);
const newFolders = [
  ...new Set(
    [...files, ...moved.values()]
      .map((f) => /^src\/((?:core|aws)\/[^/]+)\//.exec(f)?.[1])
      .filter((d): d is string => !!d && !KNOWN_FOLDERS.includes(d)),
  ),
];
if (newFolders.length)
  console.log(`folders no rule knows, kept as they are (a concept of their own, or move them by a rule): ${newFolders.sort().join(', ')}`);
if (notes.length) console.log(`notes:\n  ${notes.map((n) => `${n.file}: ${n.text}`).join('\n  ')}`);
if (dryRun) process.exit(0);

// Move, then write.
for (const [from, to] of moved) {
  mkdirSync(posix.dirname(to), { recursive: true });
  try {
    execFileSync('git', ['mv', from, to], { stdio: 'pipe' });
  } catch (err) {
    // An untracked file (git mv refuses it): move it all the same, and say so.
    console.log(`  git mv ${from} failed (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); renamed it without git`);
    execFileSync('mv', [from, to]);
  }
}
for (const [file, text] of writes) writeFileSync(file, text);
// Folders the moves emptied.
for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
  if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
}
if (moved.size && existsSync('dist')) {
  rmSync('dist', { recursive: true, force: true });
  console.log('removed dist/ (a build of the old tree; npm run build makes it again)');
}
console.log('done: now npx tsc --noEmit -p . && npm run build && npm run test:unit');

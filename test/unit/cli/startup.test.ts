/**
 * What `streamalert --help` loads: the static imports reachable from the CLI's entry (dynamic
 * `import()` is where each command's action is loaded, when it runs). None may reach the AWS SDK,
 * esbuild, zod or the output libraries, which cost most of the start-up time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const HEAVY = /^(@aws-sdk\/|esbuild|zod|chalk|ora|cli-table3|asciichart|fflate)/;

/** Value imports and re-exports of a module (`import type` and `export type` load nothing). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) specifiers.push(m[1]!);
  return specifiers;
}

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

it('the CLI entry statically loads commander and the command definitions, no AWS SDK, esbuild, zod or output library', () => {
  const { files, packages } = reachable(`${SRC}cli/main.ts`);
  assert.deepEqual(
    [...packages].filter((p) => HEAVY.test(p)),
    [],
  );
  assert.ok(packages.has('commander'));
  // The definitions are reached; the actions (cli/actions/<x>.ts, or cli/commands/<x>/action.ts) are not.
  const relative = [...files].map((f) => f.slice(SRC.length));
  assert.ok(relative.includes('cli/commands/athena-refresh/command.ts'), relative.join(', '));
  assert.deepEqual(
    relative.filter((f) => f.startsWith('cli/actions/') || f.endsWith('/action.ts') || f.startsWith('aws/')),
    [],
  );
});

it('an action module does reach what it needs (the check above can see a heavy import)', () => {
  const { packages } = reachable(`${SRC}cli/commands/deploy/action.ts`);
  assert.ok(
    [...packages].some((p) => p.startsWith('@aws-sdk/')),
    [...packages].join(', '),
  );
  // deploy loads the packager only when it packages; package loads it outright.
  assert.ok(reachable(`${SRC}cli/commands/package/action.ts`).packages.has('esbuild'));
});

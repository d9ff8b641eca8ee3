/**
 * The source tree keeps its shape: no import cycle under src/ (static imports, type-only included;
 * a lazy `import()` is how a command loads its action and closes no cycle), core imports no
 * adapter, CLI, wiring, SDK or output library, core/kernel/ imports only itself, and no file under
 * src/ is over 250 lines. The checks run on a file → imports map; the planted cases below show
 * each one can fail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph, layeringProblems, oversized, readTree, specifiers, type ImportGraph } from '../support/architecture.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const tree = readTree(SRC);
const graph = importGraph(tree);

describe('src/', () => {
  it('has no import cycle', () => {
    assert.deepEqual(importCycles(graph), []);
  });

  it('keeps its layers: core imports no aws, cli, lambda, packaging, api, SDK or output library; the kernel imports only itself; the CLI and the handler reach adapters only through src/api', () => {
    assert.deepEqual(layeringProblems(graph), []);
  });

  it(`has no file over 250 lines`, () => {
    assert.deepEqual(oversized(tree), []);
  });

  it('is seen by the scan (the checks above are not vacuous)', () => {
    assert.ok(graph.size > 100, `${graph.size} files`);
    assert.ok(graph.get('index.ts')!.files.length > 10);
    assert.ok(
      [...graph.values()].some((f) => f.lazyFiles.length > 0),
      'some lazy import() is seen',
    );
  });
});

/** A graph from a list of `a → b` edges (static), `a ~> b` (lazy) and `a : pkg` (a package). */
function planted(...edges: string[]): ImportGraph {
  const g: ImportGraph = new Map();
  const entry = (f: string) => g.get(f) ?? g.set(f, { files: [], lazyFiles: [], packages: [] }).get(f)!;
  for (const e of edges) {
    const [from, op, to] = e.split(' ') as [string, string, string];
    if (op === '→') entry(from).files.push(to);
    else if (op === '~>') entry(from).lazyFiles.push(to);
    else entry(from).packages.push(to);
    if (op !== ':') entry(to);
  }
  return g;
}

describe('the checks fail on what they forbid', () => {
  it('a planted cycle, direct or through several files, and a file importing itself', () => {
    assert.deepEqual(importCycles(planted('core/a.ts → core/b.ts', 'core/b.ts → core/a.ts')), [['core/a.ts', 'core/b.ts']]);
    assert.deepEqual(importCycles(planted('x.ts → y.ts', 'y.ts → z.ts', 'z.ts → x.ts', 'z.ts → w.ts')), [['x.ts', 'y.ts', 'z.ts']]);
    assert.deepEqual(importCycles(planted('x.ts → x.ts')), [['x.ts']]);
    // A lazy import() back closes no cycle: it is how commands load their actions.
    assert.deepEqual(
      importCycles(
        planted('cli/commands/x/command.ts ~> cli/commands/x/action.ts', 'cli/commands/x/action.ts → cli/commands/x/command.ts'),
      ),
      [],
    );
  });

  it('a planted cycle in the real tree', () => {
    // config/load.ts quotes names in its messages; quote.ts importing it back closes a cycle (before the reshape too).
    const quote = tree.has('core/kernel/quote.ts') ? 'core/kernel/quote.ts' : 'core/quote.ts';
    const texts = new Map(tree);
    texts.set(quote, `${texts.get(quote)}\nimport type { Config } from '${quote.includes('kernel') ? '../' : './'}config/load.js';\n`);
    const cycles = importCycles(importGraph(texts));
    assert.ok(
      cycles.some((c) => c.includes(quote) && c.includes('core/config/load.ts')),
      JSON.stringify(cycles),
    );
  });

  it('core importing an adapter, the CLI, the SDK or chalk; the kernel importing outside itself; the CLI or the handler wiring an adapter', () => {
    const problems = layeringProblems(
      planted(
        'core/refresh/run.ts → aws/sdk/errors.ts',
        'core/refresh/run.ts ~> cli/output.ts',
        'core/monitor/rules.ts : @aws-sdk/client-sqs',
        'core/monitor/rules.ts : chalk',
        'core/kernel/quote.ts → core/config/load.ts',
        'core/kernel/quote.ts : zod',
        'core/kernel/timers.ts : node:timers',
        'aws/sdk/errors.ts → core/kernel/errors.ts',
        'aws/sdk/errors.ts → cli/messages.ts',
        'cli/commands/deploy/action.ts → aws/deploy/deploy-ports.ts',
        'cli/commands/deploy/action.ts → aws/sdk/clients.ts',
        'lambda/athena.ts → aws/refresh/refresh-ports.ts',
        'lambda/athena.ts → api/refresh.ts',
      ),
    );
    assert.deepEqual(problems, [
      'aws/sdk/errors.ts imports cli/messages.ts (only the CLI imports the CLI)',
      'cli/commands/deploy/action.ts imports aws/deploy/deploy-ports.ts (ports are wired to adapters in src/api only; call the api function)',
      'core/kernel/quote.ts imports core/config/load.ts (the kernel imports nothing outside itself)',
      'core/kernel/quote.ts imports zod (the kernel imports only node: builtins)',
      'core/monitor/rules.ts imports @aws-sdk/client-sqs (core imports no SDK or output library)',
      'core/monitor/rules.ts imports chalk (core imports no SDK or output library)',
      'core/refresh/run.ts imports aws/sdk/errors.ts (core imports no adapter, CLI or wiring)',
      'core/refresh/run.ts imports cli/output.ts (core imports no adapter, CLI or wiring)',
      'lambda/athena.ts imports aws/refresh/refresh-ports.ts (ports are wired to adapters in src/api only; call the api function)',
    ]);
  });

  it('the kernel rule holds only once there is a kernel (a tree before the reshape)', () => {
    assert.deepEqual(layeringProblems(planted('core/quote.ts → core/config/load.ts')), []);
  });

  it('a file over 250 lines', () => {
    assert.deepEqual(
      oversized(
        new Map([
          ['a.ts', 'x\n'.repeat(250)],
          ['b.ts', 'x\n'.repeat(251)],
        ]),
      ),
      ['b.ts: 251 lines (at most 250)'],
    );
  });

  it('the scan reads multi-line, type-only and side-effect imports and re-exports; import() only as lazy', () => {
    const text = [
      "import {\n  a,\n  b,\n} from './a.js';",
      "import type { T } from './t.js';",
      "export { c } from './c.js';",
      "export type * from './types.js';",
      "import './side.js';",
      "const load = () => import('./action.js');",
      ' * import { x } from "./in-a-comment.js" is not read: the line starts with a star',
    ].join('\n');
    assert.deepEqual(specifiers(text), { static: ['./a.js', './t.js', './c.js', './types.js', './side.js'], lazy: ['./action.js'] });
  });
});

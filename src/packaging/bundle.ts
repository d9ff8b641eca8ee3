/**
 * esbuild: an ESM entry (index.mjs) with every dependency inside, minified, for the function's
 * Node.js runtime. Code the entry imports dynamically (the Glue client, credential providers the
 * SDK loads on demand) goes to content-hashed chunks beside it, so a cold start parses only what
 * it runs. The working directory is fixed per entry so the output does not depend on the folder
 * deploy runs from.
 */
import { build, type Message } from 'esbuild';
import { basename } from 'node:path';
import { ConfigError } from '../core/kernel/errors.js';
import { DEFAULT_RUNTIME } from '../core/deploy/runtimes.js';

export interface BundleOptions {
  entry: string;
  /** Paths inside the bundle are relative to this folder (the package or project root). */
  workingDir: string;
  /** Lambda runtime, e.g. nodejs24.x → target node24. */
  runtime: string;
}

// Bundled CommonJS dependencies may call require() for Node built-ins; ESM has no require.
const BANNER =
  "import{createRequire as __streamalertCreateRequire}from'node:module';const require=__streamalertCreateRequire(import.meta.url);";

/** esbuild's target for a Lambda runtime: the Node.js version it runs (the default runtime's otherwise). */
export function nodeTarget(runtime: string): string {
  const m = /^nodejs(\d+)\.x$/.exec(runtime) ?? /^nodejs(\d+)\.x$/.exec(DEFAULT_RUNTIME);
  return `node${m![1]}`;
}

export interface BundledFile {
  path: string;
  data: Uint8Array;
}

/** index.mjs first, then its chunks (`chunk-<hash>.mjs`) by name. */
export async function bundle(options: BundleOptions): Promise<BundledFile[]> {
  try {
    const result = await build({
      entryPoints: [options.entry],
      absWorkingDir: options.workingDir,
      outdir: 'out',
      entryNames: 'index',
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // The SDK's ES module builds (`module`) before its CommonJS ones (`main`, esbuild's default
      // first on node): code esbuild can tree-shake and split, a third less CPU to load.
      mainFields: ['module', 'main'],
      target: nodeTarget(options.runtime),
      minify: true,
      legalComments: 'none',
      sourcemap: false,
      write: false,
      logLevel: 'silent',
      banner: { js: BANNER },
      // jsonc-parser's main is UMD, whose require() calls esbuild cannot follow: take its ES build.
      alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    });
    const files = result.outputFiles.map((f) => ({ path: basename(f.path), data: f.contents }));
    if (!files.some((f) => f.path === 'index.mjs')) throw new Error('esbuild produced no index.mjs');
    return files.sort((a, b) => (a.path === 'index.mjs' ? -1 : b.path === 'index.mjs' ? 1 : a.path < b.path ? -1 : 1));
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!errors) throw err;
    const lines = errors
      .slice(0, 10)
      .map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`);
    throw new ConfigError(`cannot bundle ${options.entry}:\n${lines.join('\n')}`, options.entry);
  }
}

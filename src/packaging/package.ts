/**
 * Builds the zip `deploy` uploads and `package` writes:
 * - the athena function (this package's src/lambda/athena.ts) and TypeScript/JavaScript entries:
 *   bundled into index.mjs, plus conf/global.json and conf/lambda.json (runtime keys only);
 * - a directory source: its files as they are (minus version-control and secret files).
 * Nothing from the environment goes into the zip.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigText, type Config } from '../core/config/load.js';
import { projectRoot, type FunctionSpec } from '../core/deploy/functions.js';
import type { BuiltPackage } from '../core/deploy/ports.js';
import { ConfigError } from '../core/kernel/errors.js';
import { bundle } from './bundle.js';
import { stableJson } from '../core/kernel/stable-json.js';
import { runtimeLambdaConfig } from './runtime-config.js';
import { directoryContents, type ExcludedFile } from './source-dir.js';

export { exclusionReason, isExcluded, type ExcludedFile } from './source-dir.js';
import { deterministicZip, sha256, type ZipEntry } from './zip.js';

/** Lambda's limit for a zip uploaded directly (not through S3). */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface FunctionPackage extends BuiltPackage {
  /** What is inside, sorted: path and uncompressed size. */
  files: { path: string; size: number }[];
  /** Files of a directory source left out, and why (secret files, version control, links, ...). */
  excluded: ExcludedFile[];
}

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** This package's Lambda handlers, bundled for the built-in functions. */
export function builtinEntry(name: 'athena'): string {
  // The sources when they are there (this repository, the published package); else the compiled
  // handler beside this file (dist/).
  const source = fileURLToPath(new URL(`../../src/lambda/${name}.ts`, import.meta.url));
  return existsSync(source) ? source : fileURLToPath(new URL(`../lambda/${name}.js`, import.meta.url));
}

export async function packageFunction(spec: FunctionSpec, config: Config): Promise<FunctionPackage> {
  const { entries, excluded } =
    spec.source.kind === 'directory' ? directoryEntries(spec) : { entries: await bundledEntries(spec, config), excluded: [] };
  const zip = deterministicZip(entries);
  if (zip.length > MAX_DIRECT_UPLOAD_BYTES) {
    throw new ConfigError(
      `the ${spec.key} zip is ${(zip.length / 1024 / 1024).toFixed(1)} MiB, over Lambda's 50 MiB limit for a direct upload; make the code smaller`,
      undefined,
      `${spec.section}.source`,
    );
  }
  const hash = sha256(zip);
  return {
    zip,
    sha256: hash.base64,
    sha256Hex: hash.hex,
    size: zip.length,
    files: entries.map((e) => ({ path: e.path, size: e.data.length })).sort((a, b) => (a.path < b.path ? -1 : 1)),
    excluded,
  };
}

async function bundledEntries(spec: FunctionSpec, config: Config): Promise<ZipEntry[]> {
  let entry: string;
  let workingDir: string;
  if (spec.source.kind === 'builtin') {
    entry = builtinEntry(spec.source.name);
    workingDir = PACKAGE_ROOT;
  } else {
    entry = spec.source.path;
    workingDir = projectRoot(config);
    if (!existsSync(entry) || !statSync(entry).isFile()) {
      throw new ConfigError(
        `${spec.section}.source: ${entry} is not a file; name a .ts/.js entry or a directory`,
        undefined,
        `${spec.section}.source`,
      );
    }
  }
  const code = await bundle({ entry, workingDir, runtime: spec.runtime });
  return [...code, ...configEntries(config)];
}

/**
 * conf/global.json and conf/lambda.json as the function reads them at run time, and the schema
 * files of tables with a declared layout (conf/schemas/<table>.json): refresh reads keys by them.
 */
export function configEntries(config: Config): ZipEntry[] {
  const files = existsSync(join(config.dir, 'global.json')) && existsSync(join(config.dir, 'lambda.json'));
  const global = files ? JSON.parse(readConfigText(join(config.dir, 'global.json'))) : { account: config.account };
  const lambda = files ? JSON.parse(readConfigText(join(config.dir, 'lambda.json'))) : config.lambda;
  const text = (v: unknown) => new TextEncoder().encode(stableJson(v));
  const schemas = Object.values(config.athena.layouts ?? {})
    .filter((layout) => existsSync(layout.file))
    .map((layout) => ({ path: `conf/schemas/${basename(layout.file)}`, data: text(JSON.parse(readConfigText(layout.file))) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  return [
    { path: 'conf/global.json', data: text(global) },
    { path: 'conf/lambda.json', data: text(runtimeLambdaConfig(lambda as Record<string, unknown>)) },
    ...schemas,
  ];
}

function directoryEntries(spec: FunctionSpec): { entries: ZipEntry[]; excluded: ExcludedFile[] } {
  const root = spec.source.kind === 'directory' ? spec.source.path : '';
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ConfigError(
      `${spec.section}.source: ${root} is not a directory (a source without a .ts/.js extension is zipped as a directory)`,
      undefined,
      `${spec.section}.source`,
    );
  }
  const contents = directoryContents(root, `${spec.section}.source`);
  if (!contents.entries.length)
    throw new ConfigError(`${spec.section}.source: ${root} holds no files to deploy`, undefined, `${spec.section}.source`);
  return contents;
}

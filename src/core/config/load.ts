/**
 * Reads conf/global.json and conf/lambda.json, validates them against the schema, and resolves
 * the derived names (queue, results location). Every failure is a ConfigError naming the file and
 * the key path, thrown before anything touches AWS.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as z from 'zod/mini';
import { ConfigError } from '../errors.js';
import { jsonSyntaxErrorOffset } from './json-position.js';
import { globalSchema, lambdaSchema, type AthenaSection, type GlobalFile, type LambdaFile } from './schema.js';

export interface Config {
  /** Absolute path of the config directory. */
  dir: string;
  account: GlobalFile['account'];
  lambda: LambdaFile;
  athena: AthenaSettings;
}

/** The athena section with every derived value filled in. */
export interface AthenaSettings extends AthenaSection {
  queue_name: string;
  /** `s3://bucket/prefix/` where Athena writes query results. */
  results_location: string;
  function_name: string;
}

export interface LoadConfigOptions {
  /** Overrides account.region (the --region flag). */
  region?: string;
}

export function loadConfig(dir = 'conf', options: LoadConfigOptions = {}): Config {
  const abs = resolve(dir);
  const global = readJsonFile(join(abs, 'global.json'), globalSchema);
  const lambda = readJsonFile(join(abs, 'lambda.json'), lambdaSchema);
  const account = { ...global.account, ...(options.region ? { region: options.region } : {}) };
  return { dir: abs, account, lambda, athena: resolveAthena(lambda.athena_partition_refresh_config, account.prefix) };
}

/** Parses config objects that did not come from files (library callers, tests). */
export function configFromObjects(global: unknown, lambda: unknown, dir = '(inline)'): Config {
  const g = validate(globalSchema, global, 'global.json');
  const l = validate(lambdaSchema, lambda, 'lambda.json');
  return { dir, account: g.account, lambda: l, athena: resolveAthena(l.athena_partition_refresh_config, g.account.prefix) };
}

export function defaultQueueName(prefix: string): string {
  return `${prefix}_streamalert_athena_s3_notifications`;
}

function resolveAthena(section: AthenaSection, prefix: string): AthenaSettings {
  const results = section.results_bucket ?? `${prefix}-streamalert-athena-results`;
  const location = results.startsWith('s3://') ? results : `s3://${results}`;
  return {
    ...section,
    queue_name: section.queue_name ?? defaultQueueName(prefix),
    results_location: location.endsWith('/') ? location : `${location}/`,
    function_name: section.function_name ?? `${prefix}_streamalert_athena_partition_refresh`,
  };
}

export function readJsonFile<S extends z.ZodMiniType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw new ConfigError(`${file}: ${why}. Pass --config-dir pointing at the folder holding global.json and lambda.json.`, file);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid JSON ${jsonErrorPlace(text, err as Error)}. Fix the syntax and try again.`, file);
  }
  return validate(schema, data, file);
}

export function validate<S extends z.ZodMiniType>(schema: S, data: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `  ${path || '(top level)'}: ${describeIssue(issue)}`;
  });
  const first = result.error.issues[0];
  throw new ConfigError(`${file}: invalid configuration\n${lines.join('\n')}`, file, first ? formatPath(first.path) : undefined);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or correct them`;
  // A record key that failed its own check: report the key's rule, not "Invalid key in record".
  if (issue.code === 'invalid_key' && issue.issues[0]) return issue.issues[0].message;
  return issue.message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? `${i ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`))
    .join('');
}

/** Turns JSON.parse's "at position N" (or Node 20's line/column wording) into "at line L, column C". */
function jsonErrorPlace(text: string, err: Error): string {
  const pos = /position (\d+)/.exec(err.message);
  // Node 20 names no position for "Unexpected token" and "Unexpected end of JSON input": find it.
  const offset = pos ? Number(pos[1]) : jsonSyntaxErrorOffset(text);
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `at line ${line}, column ${column} (${err.message.replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')})`;
  }
  return `(${err.message})`;
}

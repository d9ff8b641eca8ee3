/**
 * The Lambda functions `deploy` knows, resolved from conf/lambda.json into specs: name, code
 * source, handler, runtime, settings and (athena) schedule. Pure: no file system or AWS access,
 * so `--function` selection and its errors are decided before anything is built or sent.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Config } from '../config/load.js';
import type { FunctionSection, LambdaFile } from '../config/schema.js';
import { ConfigError, opt, optionError, StreamAlertError } from '../kernel/errors.js';
import { athenaAlarms, type AlarmsSpec } from './alarm-spec.js';
import { loggingSpec, type LoggingSpec } from './logging.js';
import { athenaTriggers, managedRole, type ManagedRoleSpec, type ScheduleSpec, type TriggerSpec } from './athena-spec.js';

export type { ManagedRoleSpec, ScheduleSpec, TriggerSpec } from './athena-spec.js';

export const FUNCTION_KEYS = ['athena', 'rule', 'alert'] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

/** The conf/lambda.json section of each function. */
export const SECTIONS = {
  athena: 'athena_partition_refresh_config',
  rule: 'rule_processor_config',
  alert: 'alert_processor_config',
} as const satisfies Record<FunctionKey, keyof LambdaFile>;

const NAME_SUFFIX: Record<FunctionKey, string> = {
  athena: 'athena_partition_refresh',
  rule: 'rule_processor',
  alert: 'alert_processor',
};

/** The alias every deploy points at the version it published; schedules and triggers target it. */
export const ALIAS = 'production';

/** File extensions that mark `source` as an entry to bundle; anything else is a directory zipped as is. */
export const ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export type CodeSource =
  /** This package's own handler (src/lambda/<name>.ts), bundled. */
  | { kind: 'builtin'; name: 'athena' }
  /** A TypeScript/JavaScript entry, bundled into index.mjs. */
  | { kind: 'entry'; path: string }
  /** A directory zipped as it is (any runtime, e.g. a Python rule processor). */
  | { kind: 'directory'; path: string };

export interface FunctionSpec {
  key: FunctionKey;
  section: (typeof SECTIONS)[FunctionKey];
  /** The Lambda function's name. */
  name: string;
  enabled: boolean;
  source: CodeSource;
  handler: string;
  runtime: string;
  memory: number;
  timeout: number;
  /** `role_arn`, or (athena without role_arn) the ARN of the role deploy manages. */
  roleArn?: string;
  /** athena without `role_arn`: the role deploy creates and keeps up to date. */
  managedRole?: ManagedRoleSpec;
  /** Environment variables the function gets: LOG_LEVEL from log_level, then `environment`. */
  environment: Record<string, string>;
  /** LoggingConfig: JSON lines at log_level (logging.ts). */
  logging?: LoggingSpec;
  /** /aws/lambda/<name>, created by deploy with this retention. */
  logGroup: { name: string; retentionDays: number };
  /** athena: its EventBridge schedule (enabled with the schedule trigger, else disabled). */
  schedule?: ScheduleSpec;
  /** athena: the trigger, and the SQS event-source mapping's settings. */
  trigger?: TriggerSpec;
  /** athena: the CloudWatch alarms deploy keeps (alarm-spec.ts). */
  alarms?: AlarmsSpec;
}

export interface SkippedFunction {
  key: FunctionKey;
  section: string;
  reason: string;
}

export interface FunctionSelection {
  functions: FunctionSpec[];
  skipped: SkippedFunction[];
}

export function defaultFunctionName(prefix: string, key: FunctionKey): string {
  return `${prefix}_streamalert_${NAME_SUFFIX[key]}`;
}

/**
 * Parses the function names (the CLI's `--function`): names separated by commas or given several times; `all` means every
 * configured, enabled function. Unknown names are an OptionError (a UsageError).
 */
export function parseFunctionNames(values: readonly string[] | string | undefined): { all: boolean; keys: FunctionKey[] } {
  const list = (typeof values === 'string' ? [values] : (values ?? []))
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (list.length === 0) throw optionError`${opt('function', 'functions')} is required: ${FUNCTION_KEYS.join(', ')} or all`;
  const unknown = list.filter((v) => v !== 'all' && !(FUNCTION_KEYS as readonly string[]).includes(v));
  if (unknown.length)
    throw optionError`${opt('function', 'functions')}: unknown function ${unknown.map((name) => `"${name}"`).join(', ')}; use ${FUNCTION_KEYS.join(', ')} or all`;
  if (list.includes('all')) return { all: true, keys: [...FUNCTION_KEYS] };
  return { all: false, keys: FUNCTION_KEYS.filter((k) => list.includes(k)) };
}

/**
 * Resolves the named functions into specs. A function named explicitly whose section is missing
 * or names no code is a ConfigError; with `all` such functions, and disabled ones, are skipped
 * with the reason. A section that is configured but inconsistent is an error either way.
 */
export function resolveFunctions(config: Config, requested: readonly string[] | string | undefined): FunctionSelection {
  const { all, keys } = parseFunctionNames(requested);
  const functions: FunctionSpec[] = [];
  const skipped: SkippedFunction[] = [];
  for (const key of keys) {
    const section = SECTIONS[key];
    const unusable = whyUnusable(config, key);
    if (unusable) {
      if (all) skipped.push({ key, section, reason: unusable });
      else throw new ConfigError(`${config.dir}/lambda.json: cannot deploy "${key}": ${unusable}`, `${config.dir}/lambda.json`, section);
      continue;
    }
    const spec = functionSpec(config, key);
    if (all && !spec.enabled) {
      skipped.push({ key, section, reason: `disabled (${section}.enabled is false); name it with --function ${key} to deploy it anyway` });
      continue;
    }
    functions.push(spec);
  }
  return { functions, skipped };
}

function whyUnusable(config: Config, key: FunctionKey): string | undefined {
  const section = SECTIONS[key];
  const body = config.lambda[section] as FunctionSection | undefined;
  if (!body) return `conf/lambda.json has no ${section} section; add one (enabled, memory, timeout, source, handler, role_arn)`;
  if (key !== 'athena' && !body.source)
    return `${section}.source is not set; name the function's code: a .ts/.js entry to bundle or a directory to zip`;
  return undefined;
}

/** The spec of one function whose section exists and is usable (see resolveFunctions). */
export function functionSpec(config: Config, key: FunctionKey): FunctionSpec {
  const sectionName = SECTIONS[key];
  const section = config.lambda[sectionName] as FunctionSection;
  const file = `${config.dir}/lambda.json`;
  const source = codeSource(config, section);
  if (source.kind === 'directory' && !section.handler) {
    throw new ConfigError(
      `${file}: ${sectionName}.handler is required when source is a directory (e.g. "main.handler" for main.py's handler)`,
      file,
      `${sectionName}.handler`,
    );
  }
  if (source.kind !== 'directory' && !section.runtime.startsWith('nodejs')) {
    throw new ConfigError(
      `${file}: ${sectionName}.runtime is "${section.runtime}" but the code is bundled for Node.js; use a nodejs runtime or make source a directory`,
      file,
      `${sectionName}.runtime`,
    );
  }
  if (source.kind !== 'directory' && section.handler && !/^index\.[A-Za-z_$][\w$]*$/.test(section.handler)) {
    throw new ConfigError(
      `${file}: ${sectionName}.handler must be index.<export> for a bundled entry (the bundle is index.mjs), not "${section.handler}"`,
      file,
      `${sectionName}.handler`,
    );
  }
  const name = key === 'athena' ? config.athena.function_name : (section.function_name ?? defaultFunctionName(config.account.prefix, key));
  const spec: FunctionSpec = {
    key,
    section: sectionName,
    name,
    enabled: section.enabled,
    source,
    handler: section.handler ?? 'index.handler',
    runtime: section.runtime,
    memory: section.memory,
    timeout: section.timeout,
    environment: { LOG_LEVEL: section.log_level, ...(section.environment ?? {}) },
    logGroup: { name: `/aws/lambda/${name}`, retentionDays: section.log_retention_days },
    logging: loggingSpec(section.log_level),
    ...(section.role_arn ? { roleArn: section.role_arn } : {}),
  };
  if (key === 'athena') {
    Object.assign(spec, athenaTriggers(config, name));
    spec.alarms = athenaAlarms(config, name);
    if (!section.role_arn) {
      spec.managedRole = managedRole(config);
      spec.roleArn = spec.managedRole.arn;
    }
  }
  return spec;
}

function codeSource(config: Config, section: FunctionSection): CodeSource {
  if (!section.source) return { kind: 'builtin', name: 'athena' };
  const path = isAbsolute(section.source) ? section.source : resolve(projectRoot(config), section.source);
  const isEntry = ENTRY_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));
  return isEntry ? { kind: 'entry', path } : { kind: 'directory', path };
}

/** Relative `source` paths are resolved against the folder holding the config folder (the project root). */
export function projectRoot(config: Config): string {
  return dirname(config.dir);
}

/** The ARN of the function's alias, before or after it exists. */
export function aliasArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}:${ALIAS}`;
}

/** Prefixes an error with the function it happened to, keeping its class (and so its exit code). */
export function withFunction(spec: Pick<FunctionSpec, 'key' | 'name'>, err: unknown): unknown {
  if (err instanceof StreamAlertError && !err.message.includes(spec.name)) err.message = `${spec.key} (${spec.name}): ${err.message}`;
  return err;
}

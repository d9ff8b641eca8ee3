/**
 * A function's plan: compare its live state with the desired one and list the steps that make
 * them match. Pure; the same plan is printed by a dry run and carried out by the deploy.
 */
import { ConfigError } from '../kernel/errors.js';
import { formatBytes } from '../kernel/format.js';
import { isOurs, MANAGED_TAG, missingTags, notOursReason, PREFIX_TAG } from '../account/ownership.js';
import { tagText, type Ownership } from './resource-plans.js';
import { ALIAS, type FunctionSpec } from './functions.js';
import { loggingText } from './logging.js';

/** What Lambda reports for a function (or one of its versions). */
export interface LiveFunction {
  arn: string;
  version: string;
  codeSha256: string;
  codeSize: number;
  handler?: string;
  runtime?: string;
  memory?: number;
  timeout?: number;
  role?: string;
  environment: Record<string, string>;
  state?: string;
  lastUpdateStatus?: string;
  /** LoggingConfig as `JSON, application INFO, system WARN`; undefined when Lambda reported none (emulators). */
  logging?: string;
  /** The function's tags (GetFunction; undefined: none, or not read). */
  tags?: Record<string, string>;
}

export interface LiveAlias {
  arn: string;
  version: string;
  /** The configuration of the version the alias points at. */
  target?: LiveFunction;
}

export interface LiveState {
  function: LiveFunction | null;
  alias: LiveAlias | null;
}

/** The zip that would be uploaded. */
export interface PackageInfo {
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
  size: number;
}

export interface SettingChange {
  setting: 'memory' | 'timeout' | 'handler' | 'runtime' | 'role' | 'environment' | 'logging';
  from: string;
  to: string;
}

export type Step =
  /** `tags`: ours and the user's, set by CreateFunction. */
  | { op: 'create-function'; tags?: Record<string, string> }
  | { op: 'tag-function'; tags: Record<string, string> }
  | { op: 'update-code'; from: string; to: string }
  | { op: 'update-configuration'; changes: SettingChange[] }
  | { op: 'publish-version' }
  | { op: 'create-alias' }
  | { op: 'update-alias'; from: string };

export type PlannedAction = 'create' | 'update' | 'unchanged';

export interface FunctionPlan {
  action: PlannedAction;
  steps: Step[];
  /** The alias's version before the deploy (undefined when there is none). */
  aliasVersion?: string;
  /** The function exists and is not ours: nothing of it is changed. */
  blocker?: string;
}

/** The settings that differ between the spec and a live function (or version). */
export function settingChanges(spec: FunctionSpec, live: LiveFunction): SettingChange[] {
  const changes: SettingChange[] = [];
  const add = (setting: SettingChange['setting'], from: unknown, to: unknown) => {
    if (from !== to) changes.push({ setting, from: from === undefined ? '(none)' : String(from), to: String(to) });
  };
  add('memory', live.memory, spec.memory);
  add('timeout', live.timeout, spec.timeout);
  add('handler', live.handler, spec.handler);
  add('runtime', live.runtime, spec.runtime);
  if (spec.roleArn) add('role', live.role, spec.roleArn);
  // AWS always reports LoggingConfig; a function without one (a local emulator) is not updated for it.
  if (spec.logging && live.logging !== undefined) add('logging', live.logging, loggingText(spec.logging));
  const env = environmentChange(live.environment, spec.environment);
  if (env) changes.push(env);
  return changes;
}

/** Variables whose values are safe to print; any other value may be a secret and is never shown. */
const SHOWN_VARIABLES = new Set(['LOG_LEVEL']);

/** The variables that differ, by name; values only for LOG_LEVEL (plans end up in CI logs). */
function environmentChange(from: Record<string, string>, to: Record<string, string>): SettingChange | undefined {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => from[k] !== to[k]).sort();
  if (!keys.length) return undefined;
  const show = (k: string, v: string | undefined, before: string | undefined) => {
    if (v === undefined) return `${k} unset`;
    if (SHOWN_VARIABLES.has(k)) return `${k}=${v}`;
    return before === undefined ? `${k}=(set)` : `${k}=(new value)`;
  };
  return {
    setting: 'environment',
    from: keys.map((k) => show(k, from[k], undefined).replace('=(set)', '=(hidden)')).join(', '),
    to: keys.map((k) => show(k, to[k], from[k])).join(', '),
  };
}

/** True when a live function or version already runs this code with these settings. */
export function matches(spec: FunctionSpec, pkg: PackageInfo, live: LiveFunction): boolean {
  return live.codeSha256 === pkg.sha256 && settingChanges(spec, live).length === 0;
}

/**
 * The steps that bring the live function to the spec and the package:
 * - missing: create (needs role_arn), publish, create the alias;
 * - code or settings differ: update what differs, publish, move the alias;
 * - $LATEST matches but the alias is missing or on another version (e.g. after a rollback):
 *   publish (Lambda returns the existing version when nothing changed since it) and move the alias;
 * - everything matches: nothing (no new version).
 */
export function planFunction(spec: FunctionSpec, pkg: PackageInfo, live: LiveState, region: string, own?: Ownership): FunctionPlan {
  const current = live.function;
  if (!current) {
    if (!spec.roleArn) {
      throw new ConfigError(
        `function "${spec.name}" does not exist in ${region} and ${spec.section}.role_arn is not set: set role_arn to the ARN of its ` +
          `execution role so deploy can create it (or create the function first)`,
        'lambda.json',
        `${spec.section}.role_arn`,
      );
    }
    return {
      action: 'create',
      steps: [{ op: 'create-function', ...(own ? { tags: own.tags } : {}) }, { op: 'publish-version' }, { op: 'create-alias' }],
    };
  }
  // Without `own` (tests of the code and settings steps alone) ownership is not looked at.
  const prefix = own?.tags[PREFIX_TAG] ?? '';
  if (own && !isOurs(current.tags, prefix)) {
    return {
      action: 'unchanged',
      steps: [],
      blocker: `${notOursReason('function', spec.name, current.tags, prefix)}: name another function (${spec.section}.function_name), or tag it ${MANAGED_TAG}=true and ${PREFIX_TAG}=${prefix} if it is one streamalert made before it tagged (docs/deploy.md, "Sharing an account")`,
    };
  }
  const steps: Step[] = [];
  if (current.codeSha256 !== pkg.sha256) steps.push({ op: 'update-code', from: current.codeSha256, to: pkg.sha256 });
  const changes = settingChanges(spec, current);
  if (changes.length) steps.push({ op: 'update-configuration', changes });
  const aliasOk = live.alias?.target !== undefined && matches(spec, pkg, live.alias.target);
  if (steps.length || !aliasOk) {
    steps.push({ op: 'publish-version' });
    steps.push(live.alias ? { op: 'update-alias', from: live.alias.version } : { op: 'create-alias' });
  }
  const tags = own ? missingTags(own.tags, current.tags) : {};
  if (Object.keys(tags).length) steps.push({ op: 'tag-function', tags });
  return { action: steps.length ? 'update' : 'unchanged', steps, ...(live.alias ? { aliasVersion: live.alias.version } : {}) };
}

/** One line per step, for dry-run output and logs. */
export function describeStep(step: Step, spec: FunctionSpec, pkg: PackageInfo): string {
  switch (step.op) {
    case 'create-function':
      return `create function ${spec.name} (${spec.runtime}, ${spec.handler}, ${spec.memory} MB, ${spec.timeout}s, role ${spec.roleArn})`;
    case 'update-code':
      return `upload new code (${step.from} → ${step.to}, ${formatBytes(pkg.size)})`;
    case 'update-configuration':
      return `update configuration: ${step.changes.map((c) => `${c.setting} ${c.from} → ${c.to}`).join('; ')}`;
    case 'publish-version':
      return 'publish a version';
    case 'create-alias':
      return `create alias ${ALIAS} on it`;
    case 'tag-function':
      return `tag function ${spec.name} ${tagText(step.tags)}`;
    case 'update-alias':
      return `move alias ${ALIAS} from version ${step.from} to it`;
  }
}

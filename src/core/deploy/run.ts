/**
 * The deploy and rollback runs: package, read the live state, plan, and (unless dry-run) carry
 * out the plan through the ports. The same pipeline produces the dry-run plan and the deploy.
 */
import { systemClock } from '../ports.js';
import { AwsError, StreamAlertError, UsageError } from '../errors.js';
import { ALIAS, aliasArn, type FunctionKey, type FunctionSpec, type SkippedFunction } from './functions.js';
import { describeScheduleStep, describeStep, planFunction, planSchedule, type Step } from './plan.js';
import type { FunctionsPort, Packager, SchedulePort } from './ports.js';

export type DeployAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface ScheduleResult {
  rule: string;
  expression: string;
  state: 'ENABLED' | 'DISABLED';
  action: 'created' | 'updated' | 'unchanged';
  steps: string[];
}

export interface FunctionDeployResult {
  function: FunctionKey;
  name: string;
  /** What happened (or, with dryRun, what would happen). */
  action: DeployAction;
  /** The version the alias points at afterwards (dry run: now; a created function's is unknown). */
  version?: string;
  previousVersion?: string;
  alias: string;
  codeSha256: string;
  size: number;
  /** The steps taken (or planned), one line each. */
  steps: string[];
  schedule?: ScheduleResult;
  /** Files of a directory source left out of the zip, and why. */
  excluded?: { path: string; reason: string }[];
}

export interface DeployReport {
  dryRun: boolean;
  functions: FunctionDeployResult[];
  skipped: SkippedFunction[];
}

export interface DeployTarget {
  region: string;
  accountId: string;
}

export interface DeployPorts {
  functions: FunctionsPort;
  schedules: SchedulePort;
  packager: Packager;
}

export interface DeployOptions {
  dryRun?: boolean;
  onProgress?: (text: string) => void;
}

export async function runDeploy(
  specs: readonly FunctionSpec[],
  skipped: readonly SkippedFunction[],
  target: DeployTarget,
  ports: DeployPorts,
  options: DeployOptions = {},
): Promise<DeployReport> {
  const results: FunctionDeployResult[] = [];
  for (const spec of specs) {
    try {
      results.push(await deployOne(spec, target, ports, options));
    } catch (err) {
      throw withFunction(spec, err);
    }
  }
  return { dryRun: Boolean(options.dryRun), functions: results, skipped: [...skipped] };
}

async function deployOne(spec: FunctionSpec, target: DeployTarget, ports: DeployPorts, options: DeployOptions): Promise<FunctionDeployResult> {
  const say = (text: string) => options.onProgress?.(`${spec.key} (${spec.name}): ${text}`);
  say('packaging');
  const pkg = await ports.packager(spec);
  say('reading the live function');
  const live = await ports.functions.getState(spec.name);
  const plan = planFunction(spec, pkg, live, target.region);
  const alias = live.alias?.arn ?? aliasArn(target.region, target.accountId, spec.name);
  const result: FunctionDeployResult = {
    function: spec.key,
    name: spec.name,
    action: plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged',
    alias,
    codeSha256: pkg.sha256,
    size: pkg.size,
    steps: plan.steps.map((s) => describeStep(s, spec, pkg)),
    ...(live.alias ? { version: live.alias.version } : {}),
    ...(pkg.excluded?.length ? { excluded: pkg.excluded } : {}),
  };
  if (!options.dryRun) {
    let version = live.alias?.version;
    for (const step of plan.steps) {
      say(describeStep(step, spec, pkg));
      version = await execute(step, spec, pkg.zip, pkg.sha256, ports.functions, version);
      if (step.op === 'create-alias' || step.op === 'update-alias') result.alias = await ports.functions.setAlias(spec.name, version!, step.op === 'update-alias');
    }
    if (version !== undefined) result.version = version;
    if (live.alias && version !== live.alias.version) result.previousVersion = live.alias.version;
  }
  if (spec.schedule) {
    say('checking the schedule');
    const liveSchedule = await ports.schedules.getState(spec.schedule, spec.name, result.alias);
    const schedulePlan = planSchedule(spec.schedule, liveSchedule);
    const steps = schedulePlan.steps.map((s) => describeScheduleStep(s, spec.schedule!, spec.name));
    if (!options.dryRun && schedulePlan.steps.length) {
      say(steps.join('; '));
      await ports.schedules.apply(spec.schedule, spec.name, result.alias, schedulePlan.steps);
    }
    result.schedule = {
      rule: spec.schedule.ruleName,
      expression: spec.schedule.expression,
      state: spec.schedule.enabled ? 'ENABLED' : 'DISABLED',
      action: schedulePlan.action === 'create' ? 'created' : schedulePlan.action === 'update' ? 'updated' : 'unchanged',
      steps,
    };
    // A schedule change alone still changes the deployment.
    if (result.action === 'unchanged' && schedulePlan.steps.length) result.action = 'updated';
  }
  return result;
}

/** Runs one step; returns the version the alias should point at after it (publish sets it). */
async function execute(step: Step, spec: FunctionSpec, zip: Uint8Array, sha256: string, functions: FunctionsPort, version: string | undefined): Promise<string | undefined> {
  switch (step.op) {
    case 'create-function':
      await functions.create(spec, zip);
      return version;
    case 'update-code':
      await functions.updateCode(spec.name, zip);
      return version;
    case 'update-configuration':
      await functions.updateConfiguration(spec);
      return version;
    case 'publish-version':
      return functions.publishVersion(spec.name, sha256, `streamalert deploy ${spec.key} ${sha256}`);
    case 'create-alias':
    case 'update-alias':
      return version;
  }
}

/** Prefixes an error with the function it happened to, keeping its class (and so its exit code). */
function withFunction(spec: FunctionSpec, err: unknown): unknown {
  if (err instanceof StreamAlertError && !err.message.includes(spec.name)) err.message = `${spec.key} (${spec.name}): ${err.message}`;
  return err;
}

// ---------------------------------------------------------------------------------------------
// Rollback

export interface RollbackResult {
  function: FunctionKey;
  name: string;
  alias: string;
  from: string;
  to: string;
  dryRun: boolean;
}

/**
 * The version a rollback moves the alias to: `to` when given (it must exist and differ), else
 * the highest published version below the current one.
 */
export function rollbackTarget(name: string, versions: readonly string[], current: string, to?: string): string {
  const published = versions.filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => a - b);
  if (to !== undefined) {
    if (!/^\d+$/.test(to)) throw new UsageError(`--to must be a published version number, not "${to}"`);
    if (!published.includes(Number(to))) throw new UsageError(`${name} has no version ${to}; published versions: ${published.join(', ') || '(none)'}`);
    if (to === current) throw new UsageError(`alias ${ALIAS} of ${name} is already on version ${to}`);
    return to;
  }
  const earlier = published.filter((v) => v < Number(current));
  if (!earlier.length) {
    throw new UsageError(`cannot roll back ${name}: alias ${ALIAS} is on version ${current} and there is no earlier published version (versions: ${published.join(', ') || '(none)'})`);
  }
  return String(earlier[earlier.length - 1]);
}

export async function runRollback(spec: FunctionSpec, functions: FunctionsPort, options: { to?: string; dryRun?: boolean } = {}): Promise<RollbackResult> {
  try {
    const live = await functions.getState(spec.name);
    if (!live.function) throw new AwsError(`function ${spec.name} does not exist; deploy it first`, 'lambda', 'GetFunction', 'ResourceNotFoundException');
    if (!live.alias) throw new UsageError(`function ${spec.name} has no ${ALIAS} alias to roll back; run streamalert deploy --function ${spec.key} first`);
    const to = rollbackTarget(spec.name, await functions.listVersions(spec.name), live.alias.version, options.to);
    let alias = live.alias.arn;
    if (!options.dryRun) alias = await functions.setAlias(spec.name, to, true);
    return { function: spec.key, name: spec.name, alias, from: live.alias.version, to, dryRun: Boolean(options.dryRun) };
  } catch (err) {
    throw withFunction(spec, err);
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting for Lambda to finish an update

export interface UpdateStatus {
  state?: string;
  lastUpdateStatus?: string;
  reason?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Delay before the n-th poll (0-based). */
  delayMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls until the function is Active and its last update Successful. A Failed state or update is
 * an AwsError with Lambda's reason; so is still being busy after `timeoutMs` (default 5 minutes).
 */
export async function waitUntilSettled(name: string, operation: string, poll: () => Promise<UpdateStatus>, options: WaitOptions = {}): Promise<UpdateStatus> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const delay = options.delayMs ?? ((n: number) => Math.min(5_000, 500 * 2 ** n));
  const sleep = options.sleep ?? systemClock.sleep;
  const now = options.now ?? Date.now;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    const status = await poll();
    if (status.state === 'Failed' || status.lastUpdateStatus === 'Failed') {
      throw new AwsError(`${name}: ${operation} failed: ${status.reason ?? 'Lambda reported Failed without a reason'}`, 'lambda', operation, 'UpdateFailed');
    }
    const busy = status.state === 'Pending' || status.lastUpdateStatus === 'InProgress';
    if (!busy) return status;
    if (now() - start >= timeoutMs) {
      throw new AwsError(
        `${name}: still updating after ${Math.round(timeoutMs / 1000)}s (state ${status.state ?? '?'}, last update ${status.lastUpdateStatus ?? '?'}); run deploy again once it settles`,
        'lambda',
        operation,
        'Timeout',
      );
    }
    await sleep(delay(attempt));
  }
}

/**
 * Rollback: move the `production` alias back to an earlier published version. Schedules and
 * triggers follow, since they target the alias.
 */
import { isOurs, MANAGED_TAG, notOursReason, PREFIX_TAG } from '../account/ownership.js';
import { AwsError, ConfigError, NotDeployedError, NothingToRollBackError, opt, optionError, UsageError } from '../kernel/errors.js';
import { ALIAS, withFunction, type FunctionKey, type FunctionSpec } from './functions.js';
import type { FunctionsPort } from './ports.js';

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
  const published = versions
    .filter((v) => /^\d+$/.test(v))
    .map(Number)
    .sort((a, b) => a - b);
  if (to !== undefined) {
    if (!/^\d+$/.test(to)) throw optionError`${opt('to')} must be a published version number, not "${to}"`;
    if (!published.includes(Number(to)))
      throw new UsageError(`${name} has no version ${to}; published versions: ${published.join(', ') || '(none)'}`);
    if (to === current) throw new UsageError(`alias ${ALIAS} of ${name} is already on version ${to}`);
    return to;
  }
  const earlier = published.filter((v) => v < Number(current));
  if (!earlier.length) {
    throw new NothingToRollBackError(
      `cannot roll back ${name}: alias ${ALIAS} is on version ${current} and there is no earlier published version (versions: ${published.join(', ') || '(none)'})`,
    );
  }
  return String(earlier[earlier.length - 1]);
}

export interface RollbackOptions {
  to?: string;
  dryRun?: boolean;
  /**
   * The deployment's prefix: the function must carry our tags under it (core/account/ownership.ts),
   * or the rollback stops before it moves anything. Absent: not checked (tests of the mechanics).
   */
  prefix?: string;
  /** conf/lambda.json, named in the error when the function is not ours. */
  configFile?: string;
}

export async function runRollback(spec: FunctionSpec, functions: FunctionsPort, options: RollbackOptions = {}): Promise<RollbackResult> {
  try {
    const live = await functions.getState(spec.name);
    if (!live.function)
      throw new AwsError(`function ${spec.name} does not exist; deploy it first`, 'lambda', 'GetFunction', 'ResourceNotFoundException');
    // Another team's function under our name: its alias is theirs to move, as deploy would not touch it.
    if (options.prefix !== undefined && !isOurs(live.function.tags, options.prefix))
      throw new ConfigError(
        `${notOursReason('function', spec.name, live.function.tags, options.prefix)}: rollback moves only the alias of a function streamalert deployed, and moved nothing. ` +
          `Name ours in ${spec.section}.function_name, or tag this one ${MANAGED_TAG}=true and ${PREFIX_TAG}=${options.prefix} if an earlier streamalert made it (docs/deploy.md, "Sharing an account")`,
        options.configFile,
        `${spec.section}.function_name`,
      );
    if (!live.alias) throw new NotDeployedError(spec.key, spec.name, ALIAS);
    const to = rollbackTarget(spec.name, await functions.listVersions(spec.name), live.alias.version, options.to);
    let alias = live.alias.arn;
    if (!options.dryRun) alias = await functions.setAlias(spec.name, to, true);
    return { function: spec.key, name: spec.name, alias, from: live.alias.version, to, dryRun: Boolean(options.dryRun) };
  } catch (err) {
    throw withFunction(spec, err);
  }
}

/**
 * Rollback: move the `production` alias back to an earlier published version. Schedules and
 * triggers follow, since they target the alias.
 */
import { AwsError, NotDeployedError, NothingToRollBackError, opt, optionError, UsageError } from '../kernel/errors.js';
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

export async function runRollback(
  spec: FunctionSpec,
  functions: FunctionsPort,
  options: { to?: string; dryRun?: boolean } = {},
): Promise<RollbackResult> {
  try {
    const live = await functions.getState(spec.name);
    if (!live.function)
      throw new AwsError(`function ${spec.name} does not exist; deploy it first`, 'lambda', 'GetFunction', 'ResourceNotFoundException');
    if (!live.alias) throw new NotDeployedError(spec.key, spec.name, ALIAS);
    const to = rollbackTarget(spec.name, await functions.listVersions(spec.name), live.alias.version, options.to);
    let alias = live.alias.arn;
    if (!options.dryRun) alias = await functions.setAlias(spec.name, to, true);
    return { function: spec.key, name: spec.name, alias, from: live.alias.version, to, dryRun: Boolean(options.dryRun) };
  } catch (err) {
    throw withFunction(spec, err);
  }
}

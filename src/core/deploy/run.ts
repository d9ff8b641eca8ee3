/**
 * The deploy run: check every function before any AWS call (runtime, role name), plan every
 * function from reads only, stop with a ConfigError if a plan is blocked, and (unless dry-run)
 * carry the plans out through the ports. The same pipeline produces the dry-run plan and the deploy.
 * Rollback is rollback.ts; waiting for Lambda to settle, wait.ts.
 */
import { ConfigError } from '../kernel/errors.js';
import { applyPlan } from './apply.js';
import { withFunction, type FunctionSpec, type SkippedFunction } from './functions.js';
import { planDeploy, type DeployTarget, type PlannedFunction } from './planning.js';
import { type DeployPorts } from './ports.js';
import { preflight } from './preflight.js';
import { resultOf, type DeployReport, type FunctionDeployResult } from './result.js';

export interface DeployOptions {
  dryRun?: boolean;
  onProgress?: (text: string) => void;
  /** The day runtimes are checked against (default: now). */
  today?: Date;
  /** Put back our own role when someone widened it by hand (resource-plans.ts, planRole). */
  forceRole?: boolean;
}

export async function runDeploy(
  specs: readonly FunctionSpec[],
  skipped: readonly SkippedFunction[],
  target: DeployTarget,
  ports: DeployPorts,
  options: DeployOptions = {},
): Promise<DeployReport> {
  const today = options.today ?? new Date();
  const checks = specs.map((spec) => {
    try {
      return preflight(spec, today, target.configFile);
    } catch (err) {
      throw withFunction(spec, err);
    }
  });
  // The wrong account's resources are not ours either: check before the first read, dry run too.
  if (specs.length) await ports.account?.();
  const planned: PlannedFunction[] = [];
  for (const [i, spec] of specs.entries()) {
    const say = (text: string) => options.onProgress?.(`${spec.key} (${spec.name}): ${text}`);
    try {
      planned.push(await planDeploy(spec, target, ports, checks[i]!, say, Boolean(options.forceRole)));
    } catch (err) {
      throw withFunction(spec, err);
    }
  }
  const blocked = planned.filter((functionPlan) => functionPlan.blockers.length);
  if (blocked.length && !options.dryRun) {
    const lines = blocked.flatMap((functionPlan) =>
      functionPlan.blockers.map((blocker) => `${functionPlan.spec.key} (${functionPlan.spec.name}): ${blocker}`),
    );
    throw new ConfigError(`nothing was changed:\n  ${lines.join('\n  ')}`, target.configFile);
  }
  const results: FunctionDeployResult[] = [];
  for (const functionPlan of planned) {
    const result = resultOf(functionPlan);
    if (!options.dryRun) {
      try {
        await applyPlan(functionPlan, result, ports, (text) =>
          options.onProgress?.(`${functionPlan.spec.key} (${functionPlan.spec.name}): ${text}`),
        );
      } catch (err) {
        throw withFunction(functionPlan.spec, err);
      }
    }
    results.push(result);
  }
  return { dryRun: Boolean(options.dryRun), functions: results, skipped: [...skipped] };
}

/**
 * The library's one-call deploy and rollback, the same pipeline the CLI runs.
 *   import { deploy } from 'streamalert';
 *   const report = await deploy({ configDir: 'conf', functions: 'all', dryRun: true });
 */
import { lambdaFunctions } from './aws/functions.js';
import { scheduleRules } from './aws/schedule-rule.js';
import { resolveFunctions, type SkippedFunction } from './core/deploy/functions.js';
import { runDeploy, runRollback, type DeployReport, type RollbackResult } from './core/deploy/run.js';
import { UsageError } from './core/errors.js';
import { configOf, withClients, type LibraryOptions } from './library-options.js';

export interface DeployOptions extends LibraryOptions {
  /** `athena`, `rule`, `alert` (one or several) or `all`: the enabled, configured functions. */
  functions: string | string[];
  /** Plan only: what would change, and change nothing. */
  dryRun?: boolean;
  onProgress?: (text: string) => void;
}

export async function deploy(options: DeployOptions): Promise<DeployReport> {
  const config = configOf(options);
  const selection = resolveFunctions(config, options.functions);
  return withClients(options, config, (clients) =>
    runDeploy(
      selection.functions,
      selection.skipped,
      { region: config.account.region, accountId: config.account.aws_account_id },
      {
        functions: lambdaFunctions(clients),
        schedules: scheduleRules(clients),
        // esbuild is loaded only when something is packaged, not when the library is imported.
        packager: async (spec) => (await import('./packaging/package.js')).packageFunction(spec, config),
      },
      { dryRun: options.dryRun, onProgress: options.onProgress },
    ),
  );
}

export interface RollbackOptions extends LibraryOptions {
  functions: string | string[];
  /** The version to move the production alias to (one function only); default the one before the current. */
  to?: string;
  dryRun?: boolean;
}

export interface RollbackReport {
  dryRun: boolean;
  functions: RollbackResult[];
  skipped: SkippedFunction[];
}

export async function rollback(options: RollbackOptions): Promise<RollbackReport> {
  const config = configOf(options);
  const selection = resolveFunctions(config, options.functions);
  if (options.to !== undefined && selection.functions.length !== 1) throw new UsageError('rollback to a given version needs exactly one function');
  return withClients(options, config, async (clients) => {
    const functions = lambdaFunctions(clients);
    const results: RollbackResult[] = [];
    for (const spec of selection.functions) {
      results.push(await runRollback(spec, functions, { ...(options.to !== undefined ? { to: options.to } : {}), dryRun: Boolean(options.dryRun) }));
    }
    return { dryRun: Boolean(options.dryRun), functions: results, skipped: selection.skipped };
  });
}

/**
 * The library's one-call deploy and rollback, the same pipeline the CLI runs.
 *   import { deploy } from 'streamalert';
 *   const report = await deploy({ configDir: 'conf', functions: 'all', dryRun: true });
 */
import { StsAccount } from '../aws/account/account.js';
import { deployPorts, deployTarget } from '../aws/deploy/deploy-ports.js';
import { checkAccount } from '../core/account/account.js';
import { LambdaFunctions } from '../aws/deploy/functions.js';
import { resolveFunctions, type SkippedFunction } from '../core/deploy/functions.js';
import type { DeployReport } from '../core/deploy/result.js';
import { runRollback, type RollbackResult } from '../core/deploy/rollback.js';
import { runDeploy } from '../core/deploy/run.js';
import { opt, optionError } from '../core/kernel/errors.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

export interface DeployOptions extends LibraryOptions {
  /** `athena`, `rule`, `alert` (one or several) or `all`: the enabled, configured functions. */
  functions: string | string[];
  /** Plan only: what would change, and change nothing. */
  dryRun?: boolean;
  /** Put back the role deploy made when someone widened it by hand (`--force-role`). */
  forceRole?: boolean;
  onProgress?: (text: string) => void;
  /** The day runtimes are checked against (default today). */
  today?: Date;
}

export async function deploy(options: DeployOptions): Promise<DeployReport> {
  const config = await configOf(options);
  const selection = resolveFunctions(config, options.functions);
  return withClients(options, config, AwsClients, (clients) =>
    runDeploy(selection.functions, selection.skipped, deployTarget(config), deployPorts(clients, config), {
      dryRun: options.dryRun,
      forceRole: options.forceRole,
      today: options.today ?? new Date(),
      onProgress: options.onProgress,
    }),
  );
}

export interface RollbackOptions extends LibraryOptions {
  functions: string | string[];
  /** The version to move the production alias to (one function only); default the one before the current. */
  to?: string;
  dryRun?: boolean;
  /** Before each function: what is being rolled back. */
  onProgress?: (text: string) => void;
}

export interface RollbackReport {
  dryRun: boolean;
  functions: RollbackResult[];
  skipped: SkippedFunction[];
}

export async function rollback(options: RollbackOptions): Promise<RollbackReport> {
  const config = await configOf(options);
  const selection = resolveFunctions(config, options.functions);
  if (options.to !== undefined && selection.functions.length !== 1) throw optionError`${opt('to')} needs exactly one function`;
  return withClients(options, config, AwsClients, async (clients) => {
    // Before the first read: another account's functions are not ours to move (dry run too).
    await checkAccount(new StsAccount(clients.sts), config);
    const functions = new LambdaFunctions(clients);
    const results: RollbackResult[] = [];
    for (const spec of selection.functions) {
      options.onProgress?.(`Rolling back ${spec.key} (${spec.name})`);
      results.push(
        await runRollback(spec, functions, {
          ...(options.to !== undefined ? { to: options.to } : {}),
          dryRun: Boolean(options.dryRun),
          prefix: config.account.prefix,
          configFile: `${config.dir}/lambda.json`,
        }),
      );
    }
    return { dryRun: Boolean(options.dryRun), functions: results, skipped: selection.skipped };
  });
}

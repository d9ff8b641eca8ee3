/** `streamalert deploy`: the action; its options are defined in commands/deploy/command.ts. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { deployPorts, deployTarget } from '../../../aws/deploy/deploy-ports.js';
import { resolveFunctions } from '../../../core/deploy/functions.js';
import type { DeployReport } from '../../../core/deploy/result.js';
import { runDeploy } from '../../../core/deploy/run.js';
import { ConfigError, UsageError } from '../../../core/kernel/errors.js';
import { CommandContext } from '../../context.js';
import { printJson, progress } from '../../output.js';
import { printReport } from './deploy-report.js';

export { printReport } from './deploy-report.js';

interface DeployFlags {
  function?: string[];
  dryRun?: boolean;
  forceRole?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: DeployFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const report = await deploy(ctx, flags);
    if (ctx.json) printJson(report);
    else printReport(report);
    // A dry run prints the plan, blockers included, and fails like the deploy would.
    const blockers = report.functions.flatMap((r) => r.blockers.map((b) => `${r.function} (${r.name}): ${b}`));
    if (blockers.length)
      throw new ConfigError(
        `the deploy would stop before changing anything:\n  ${blockers.join('\n  ')}`,
        join(ctx.config.dir, 'lambda.json'),
      );
  } finally {
    ctx.close();
  }
}

async function deploy(ctx: CommandContext, flags: DeployFlags): Promise<DeployReport> {
  const config = ctx.config;
  const selection = resolveFunctions(config, flags.function);
  const spinner = progress(flags.dryRun ? 'Planning the deploy' : 'Deploying', ctx.options.output);
  try {
    const report = await runDeploy(selection.functions, selection.skipped, deployTarget(config), deployPorts(ctx.clients, config), {
      dryRun: Boolean(flags.dryRun),
      forceRole: Boolean(flags.forceRole),
      today: today(),
      onProgress: (text) => {
        spinner.update(text);
        ctx.logger.debug(text);
      },
    });
    spinner.stop();
    return report;
  } catch (err) {
    spinner.fail(flags.dryRun ? 'Planning failed' : 'Deploy failed');
    throw err;
  }
}

/**
 * The day runtimes are checked against: today, or STREAMALERT_TODAY (YYYY-MM-DD) to see what a
 * deploy on another day would say (and to keep tests independent of the clock).
 */
function today(): Date {
  const given = process.env.STREAMALERT_TODAY;
  if (!given) return new Date();
  const date = new Date(`${given}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(date.getTime()))
    throw new UsageError(`STREAMALERT_TODAY must be a date YYYY-MM-DD, not "${given}"`);
  return date;
}

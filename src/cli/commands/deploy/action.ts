/** `streamalert deploy`: the action; its options are defined in commands/deploy/command.ts. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { deploy } from '../../../api/deploy.js';
import type { DeployReport } from '../../../core/deploy/result.js';
import { ConfigError } from '../../../core/kernel/errors.js';
import { CommandContext } from '../../context.js';
import { today } from '../../today.js';
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
    const report = await deployWithProgress(ctx, flags);
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

/** The library's deploy(), with a spinner that follows its progress. */
async function deployWithProgress(ctx: CommandContext, flags: DeployFlags): Promise<DeployReport> {
  const spinner = progress(flags.dryRun ? 'Planning the deploy' : 'Deploying', ctx.options.output);
  try {
    const report = await deploy({
      config: ctx.config,
      clients: ctx.clients,
      functions: flags.function ?? [],
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

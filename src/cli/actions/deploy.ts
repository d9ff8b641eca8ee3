/** `streamalert deploy`: package, deploy and report each selected function. */
import type { Command } from 'commander';
import { lambdaFunctions } from '../../aws/functions.js';
import { scheduleRules } from '../../aws/schedule-rule.js';
import { resolveFunctions } from '../../core/deploy/functions.js';
import { formatBytes } from '../../core/deploy/plan.js';
import { runDeploy, type DeployReport, type FunctionDeployResult } from '../../core/deploy/run.js';
import { packageFunction } from '../../packaging/package.js';
import { CommandContext } from '../context.js';
import { paint, printJson, printLine, progress, table } from '../output.js';

interface DeployFlags {
  function?: string[];
  dryRun?: boolean;
}

/** Runs `deploy` (its options are defined in commands/deploy.ts). */
export async function action(flags: DeployFlags, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  try {
    const report = await deploy(ctx, flags);
    if (ctx.json) printJson(report);
    else printReport(report);
  } finally {
    ctx.close();
  }
}

async function deploy(ctx: CommandContext, flags: DeployFlags): Promise<DeployReport> {
  const config = ctx.config;
  const selection = resolveFunctions(config, flags.function);
  const spinner = progress(flags.dryRun ? 'Planning the deploy' : 'Deploying', ctx.options.output);
  try {
    const report = await runDeploy(
      selection.functions,
      selection.skipped,
      { region: config.account.region, accountId: config.account.aws_account_id },
      { functions: lambdaFunctions(ctx.clients), schedules: scheduleRules(ctx.clients), packager: (spec) => packageFunction(spec, config) },
      {
        dryRun: Boolean(flags.dryRun),
        onProgress: (text) => {
          spinner.update(text);
          ctx.logger.debug(text);
        },
      },
    );
    spinner.stop();
    return report;
  } catch (err) {
    spinner.fail(flags.dryRun ? 'Planning failed' : 'Deploy failed');
    throw err;
  }
}

const WOULD: Record<FunctionDeployResult['action'], string> = { created: 'would create', updated: 'would update', unchanged: 'unchanged', skipped: 'skipped' };

function actionText(r: FunctionDeployResult, dryRun: boolean): string {
  const text = dryRun ? WOULD[r.action] : r.action;
  if (r.action === 'created') return paint.green(text);
  if (r.action === 'updated') return paint.yellow(text);
  return text;
}

export function printReport(report: DeployReport): void {
  if (report.functions.length) {
    printLine(
      table(
        ['function', 'name', 'action', 'version', 'alias', 'schedule', 'zip', 'sha256'],
        report.functions.map((r) => [
          r.function,
          r.name,
          actionText(r, report.dryRun),
          r.version === undefined ? '-' : r.previousVersion ? `${r.previousVersion} → ${r.version}` : r.version,
          r.alias.split(':').pop() ?? '',
          r.schedule ? `${r.schedule.expression} ${r.schedule.state.toLowerCase()}${r.schedule.action === 'unchanged' ? '' : ` (${report.dryRun ? WOULD[r.schedule.action] : r.schedule.action})`}` : '-',
          formatBytes(r.size),
          r.codeSha256,
        ]),
        ['left', 'left', 'left', 'right', 'left', 'left', 'right', 'left'],
      ),
    );
  }
  for (const s of report.skipped) printLine(`${paint.dim('skipped')} ${s.key}: ${s.reason}`);
  const withSteps = report.functions.filter((r) => r.steps.length || r.schedule?.steps.length);
  if (report.dryRun) {
    for (const r of withSteps) {
      printLine(paint.bold(`${r.function} (${r.name}) would:`));
      for (const s of [...r.steps, ...(r.schedule?.steps ?? [])]) printLine(`  - ${s}`);
    }
    printLine(paint.dim('dry run: nothing was changed'));
  } else if (!report.functions.length) printLine('Nothing to deploy.');
}

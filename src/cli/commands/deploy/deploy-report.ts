/** The deploy report as text: one table row per function, then the plan's steps, warnings and blockers. */
import type { DeployReport, FunctionDeployResult } from '../../../core/deploy/result.js';
import { formatBytes } from '../../../core/kernel/format.js';
import { printable } from '../../../core/kernel/quote.js';
import { paint, printLine, table } from '../../output.js';

const WOULD: Record<FunctionDeployResult['action'], string> = {
  created: 'would create',
  updated: 'would update',
  unchanged: 'unchanged',
  skipped: 'skipped',
};

function actionText(result: FunctionDeployResult, dryRun: boolean): string {
  const text = dryRun ? WOULD[result.action] : result.action;
  if (result.action === 'created') return paint.green(text);
  if (result.action === 'updated') return paint.yellow(text);
  return text;
}

/** " (created)", " (would update)", " (blocked)", or nothing when unchanged. */
function marker(action: 'created' | 'updated' | 'unchanged' | 'blocked', dryRun: boolean): string {
  if (action === 'blocked') return ` (${paint.red('blocked')})`;
  return action === 'unchanged' ? '' : ` (${dryRun ? WOULD[action] : action})`;
}

function triggerText(result: FunctionDeployResult, dryRun: boolean): string {
  const rule = result.schedule;
  const source = result.eventSource;
  const schedule =
    rule && rule.state !== 'NONE' ? `${rule.expression} ${rule.state.toLowerCase()}${marker(rule.action, dryRun)}` : undefined;
  const mapping = source
    ? `sqs ${source.state.toLowerCase()}: batch ${source.batchSize}, window ${source.maximumBatchingWindowSeconds}s, concurrency ${source.maximumConcurrency}${marker(source.action, dryRun)}`
    : undefined;
  // The active trigger first; the other only when it exists.
  const parts = result.trigger === 'sqs' ? [mapping, schedule] : [schedule, mapping];
  return parts.filter(Boolean).join('; ') || '-';
}

/** `4 alarms (would create)`, `off`, or `-` for a function without alarms. */
function alarmsText(result: FunctionDeployResult, dryRun: boolean): string {
  if (!result.alarms) return '-';
  const kept = result.alarms.filter((alarm) => alarm.action !== 'deleted' && alarm.action !== 'blocked');
  const changed = result.alarms.some((alarm) => alarm.action !== 'unchanged' && alarm.action !== 'blocked');
  const blocked = result.alarms.filter((alarm) => alarm.action === 'blocked').length;
  const text = kept.length ? `${kept.length}` : 'off';
  return `${text}${changed ? (dryRun ? ' (would change)' : ' (changed)') : ''}${blocked ? ` (${blocked} blocked)` : ''}`;
}

/** Every step of a function, in the order deploy takes them. */
export function allSteps(result: FunctionDeployResult): string[] {
  const triggers =
    result.trigger === 'sqs' ? [result.eventSource?.steps, result.schedule?.steps] : [result.schedule?.steps, result.eventSource?.steps];
  return [
    ...(result.role?.steps ?? []),
    ...result.logGroup.steps,
    ...result.steps,
    ...triggers.flatMap((steps) => steps ?? []),
    ...(result.alarms ?? []).flatMap((alarm) => alarm.steps),
  ];
}

/** The files of a directory source that were left out of its zip, one line each. */
export function printExcluded(fn: string, excluded: { path: string; reason: string }[] | undefined): void {
  if (!excluded?.length) return;
  printLine(paint.dim(`${fn}: left out of the zip: ${excluded.map((e) => `${printable(e.path)} (${e.reason})`).join(', ')}`));
}

export function printReport(report: DeployReport): void {
  const dry = report.dryRun;
  if (report.functions.length) {
    printLine(
      table(
        ['function', 'name', 'action', 'version', 'trigger', 'role', 'logs', 'alarms', 'zip', 'sha256'],
        report.functions.map((result) => [
          result.function,
          result.name,
          actionText(result, dry),
          result.version === undefined
            ? '-'
            : printable(result.previousVersion ? `${result.previousVersion} → ${result.version}` : result.version),
          triggerText(result, dry),
          result.role ? `${result.role.name}${result.role.managed ? '' : ' (role_arn)'}${marker(result.role.action, dry)}` : '-',
          `${result.logGroup.retentionDays} days${marker(result.logGroup.action, dry)}`,
          alarmsText(result, dry),
          formatBytes(result.size),
          result.codeSha256,
        ]),
        ['left', 'left', 'left', 'right', 'left', 'left', 'left', 'left', 'right', 'left'],
      ),
    );
  }
  for (const skipped of report.skipped) printLine(`${paint.dim('skipped')} ${skipped.key}: ${skipped.reason}`);
  for (const result of report.functions) printExcluded(result.function, result.excluded);
  // What --force-role removed from a role of ours is said even when the steps are not listed.
  if (!dry)
    for (const result of report.functions)
      for (const step of result.role?.steps.filter((s) => s.includes('--force-role')) ?? [])
        printLine(
          `${paint.yellow('role:')} ${result.function} (${result.name}): ${printable(step.replace(/^(\w+)/, (verb) => ({ delete: 'deleted', detach: 'detached', remove: 'removed' })[verb] ?? verb))}`,
        );
  if (dry) {
    for (const result of report.functions) {
      const steps = allSteps(result);
      if (!steps.length) continue;
      printLine(paint.bold(`${result.function} (${result.name}) would:`));
      for (const step of steps) printLine(`  - ${printable(step)}`);
    }
  }
  // Warnings and blockers carry what AWS said (tags, policy names): printed escaped.
  for (const result of report.functions)
    for (const warning of result.warnings)
      printLine(`${paint.yellow('warning:')} ${result.function} (${result.name}): ${printable(warning)}`);
  for (const result of report.functions)
    for (const blocker of result.blockers) printLine(`${paint.red('blocked:')} ${result.function} (${result.name}): ${printable(blocker)}`);
  if (dry) printLine(paint.dim('dry run: nothing was changed'));
  else if (!report.functions.length) printLine('Nothing to deploy.');
}

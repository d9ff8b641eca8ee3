/** The deploy report as text: one table row per function, then the plan's steps, warnings and blockers. */
import type { DeployReport, FunctionDeployResult } from '../../core/deploy/result.js';
import { formatBytes } from '../../core/format.js';
import { printable } from '../../core/quote.js';
import { paint, printLine, table } from '../output.js';

const WOULD: Record<FunctionDeployResult['action'], string> = { created: 'would create', updated: 'would update', unchanged: 'unchanged', skipped: 'skipped' };

function actionText(r: FunctionDeployResult, dryRun: boolean): string {
  const text = dryRun ? WOULD[r.action] : r.action;
  if (r.action === 'created') return paint.green(text);
  if (r.action === 'updated') return paint.yellow(text);
  return text;
}

/** " (created)", " (would update)", or nothing when unchanged. */
function marker(action: 'created' | 'updated' | 'unchanged', dryRun: boolean): string {
  return action === 'unchanged' ? '' : ` (${dryRun ? WOULD[action] : action})`;
}

function triggerText(r: FunctionDeployResult, dryRun: boolean): string {
  const s = r.schedule;
  const m = r.eventSource;
  const schedule = s && s.state !== 'NONE' ? `${s.expression} ${s.state.toLowerCase()}${marker(s.action, dryRun)}` : undefined;
  const mapping = m ? `sqs ${m.state.toLowerCase()}: batch ${m.batchSize}, window ${m.maximumBatchingWindowSeconds}s, concurrency ${m.maximumConcurrency}${marker(m.action, dryRun)}` : undefined;
  // The active trigger first; the other only when it exists.
  const parts = r.trigger === 'sqs' ? [mapping, schedule] : [schedule, mapping];
  return parts.filter(Boolean).join('; ') || '-';
}

/** Every step of a function, in the order deploy takes them. */
export function allSteps(r: FunctionDeployResult): string[] {
  const triggers = r.trigger === 'sqs' ? [r.eventSource?.steps, r.schedule?.steps] : [r.schedule?.steps, r.eventSource?.steps];
  return [...(r.role?.steps ?? []), ...r.logGroup.steps, ...r.steps, ...triggers.flatMap((s) => s ?? [])];
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
        ['function', 'name', 'action', 'version', 'trigger', 'role', 'logs', 'zip', 'sha256'],
        report.functions.map((r) => [
          r.function,
          r.name,
          actionText(r, dry),
          r.version === undefined ? '-' : r.previousVersion ? `${r.previousVersion} → ${r.version}` : r.version,
          triggerText(r, dry),
          r.role ? `${r.role.name}${r.role.managed ? '' : ' (role_arn)'}${marker(r.role.action, dry)}` : '-',
          `${r.logGroup.retentionDays} days${marker(r.logGroup.action, dry)}`,
          formatBytes(r.size),
          r.codeSha256,
        ]),
        ['left', 'left', 'left', 'right', 'left', 'left', 'left', 'right', 'left'],
      ),
    );
  }
  for (const s of report.skipped) printLine(`${paint.dim('skipped')} ${s.key}: ${s.reason}`);
  for (const r of report.functions) printExcluded(r.function, r.excluded);
  if (dry) {
    for (const r of report.functions) {
      const steps = allSteps(r);
      if (!steps.length) continue;
      printLine(paint.bold(`${r.function} (${r.name}) would:`));
      for (const s of steps) printLine(`  - ${s}`);
    }
  }
  for (const r of report.functions) for (const w of r.warnings) printLine(`${paint.yellow('warning:')} ${r.function} (${r.name}): ${w}`);
  for (const r of report.functions) for (const b of r.blockers) printLine(`${paint.red('blocked:')} ${r.function} (${r.name}): ${b}`);
  if (dry) printLine(paint.dim('dry run: nothing was changed'));
  else if (!report.functions.length) printLine('Nothing to deploy.');
}

/** `streamalert athena monitor`: read the metrics, analyse them, print the report (once or --watch). */
import type { Command } from 'commander';
import { monitor } from '../../../api/monitor.js';
import { AwsError, UsageError } from '../../../core/kernel/errors.js';
import { CheckFailedError } from '../../errors/outcomes.js';
import { formatAge, formatDuration, parseDuration } from '../../../core/monitor/duration.js';
import type { MonitorReport, MonitorStatus, PeriodRow } from '../../../core/monitor/types.js';
import { THRESHOLDS } from '../../../core/monitor/thresholds.js';
import { projectedTablesNote } from '../../../core/partitions/layout/projection.js';
import { planWindow } from '../../../core/monitor/window.js';
import { printable } from '../../../core/kernel/quote.js';
import { CommandContext } from '../../context.js';
import { listenForInterrupt } from '../../interrupt.js';
import { DEFAULT_WATCH_SECONDS, MIN_CHART_COLUMNS } from './command.js';
import { renderChart } from './monitor-chart.js';
import { paint, printJson, printJsonLine, progress, table } from '../../output.js';

export interface MonitorFlags {
  window: string;
  period: string;
  watch?: string | true;
  check?: boolean;
  /** --chart draws the chart anywhere, --no-chart nowhere; by default on a wide enough terminal. */
  chart?: boolean;
}

/** Clears a terminal and moves the cursor home, so each refresh replaces the last (like watch(1)). */
export const CLEAR_SCREEN = '\x1b[H\x1b[2J';

/** Runs `athena monitor` (its options are defined in commands/athena-monitor/command.ts). */
export async function action(flags: MonitorFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const spec = { ...parseFlags(flags), chart: flags.chart };
    const report = spec.watchSeconds === null ? await monitorOnce(ctx, spec) : await watch(ctx, spec, spec.watchSeconds);
    if (flags.check && report && report.status !== 'ok') throw new CheckFailedError(report.status);
  } finally {
    ctx.close();
  }
}

interface MonitorSpec {
  windowSeconds: number;
  periodSeconds: number;
  watchSeconds: number | null;
  chart?: boolean;
}

/** The chart's width when one is drawn, or undefined for none: never in JSON, nor off a terminal unless asked. */
export function chartColumns(
  chart: boolean | undefined,
  json: boolean,
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
): number | undefined {
  if (json || chart === false) return undefined;
  if (chart === true) return stdout.columns || MIN_CHART_COLUMNS;
  return stdout.isTTY && (stdout.columns ?? 0) >= MIN_CHART_COLUMNS ? stdout.columns : undefined;
}

function textReport(ctx: CommandContext, spec: MonitorSpec, report: MonitorReport): string {
  const columns = chartColumns(spec.chart, ctx.json);
  const chart = columns && report.queue.exists ? renderChart(report.rows, { columns, colour: paint.enabled }) : undefined;
  const projected = projectedTablesNote(ctx.config.athena.layouts);
  return renderReport(report, chart) + (projected ? `\n${paint.dim(projected)}` : '');
}

export function parseFlags(flags: MonitorFlags): MonitorSpec {
  const windowSeconds = parseDuration(flags.window);
  if (windowSeconds === null) throw new UsageError(`--window must be a duration such as 30m, 24h or 7d, not "${flags.window}"`);
  const periodSeconds = parseDuration(flags.period);
  if (periodSeconds === null) throw new UsageError(`--period must be a duration such as 5m, 1h or 1d, not "${flags.period}"`);
  let watchSeconds: number | null = null;
  if (flags.watch === true) watchSeconds = DEFAULT_WATCH_SECONDS;
  else if (flags.watch !== undefined) {
    watchSeconds = /^\d+$/.test(flags.watch) ? Number(flags.watch) : parseDuration(flags.watch);
    if (!watchSeconds) throw new UsageError(`--watch takes a number of seconds (or a duration such as 2m), not "${flags.watch}"`);
  }
  planWindow(new Date(), windowSeconds, periodSeconds); // reject a bad window before any AWS call
  return { windowSeconds, periodSeconds, watchSeconds };
}

/** The library's monitor(): reads the metrics and the queue (one GetMetricData call) and analyses them. */
export async function readReport(ctx: CommandContext, spec: MonitorSpec, now = new Date()): Promise<MonitorReport> {
  const athena = ctx.config.athena;
  // No spinner on a terminal that reports 0 columns (a pty without a size): ora 9 then writes an
  // endless run of line-clearing codes and grows without bound.
  const spinner = progress(`Reading CloudWatch metrics of ${athena.queue_name}`, process.stderr.columns ? ctx.options.output : 'json');
  try {
    const report = await monitor({
      config: ctx.config,
      clients: ctx.clients,
      window: spec.windowSeconds,
      period: spec.periodSeconds,
      now,
      logger: ctx.logger,
    });
    spinner.stop();
    return report;
  } catch (err) {
    spinner.fail('Could not read the metrics');
    throw err;
  }
}

async function monitorOnce(ctx: CommandContext, spec: MonitorSpec): Promise<MonitorReport> {
  const report = await readReport(ctx, spec);
  if (ctx.json) printJson(report);
  else process.stdout.write(`${textReport(ctx, spec, report)}\n`);
  return report;
}

/**
 * Refreshes every `seconds` until Ctrl-C (or SIGTERM). On a terminal each refresh redraws the screen;
 * otherwise frames are appended (text) or written one JSON object per line (--output json). A failed
 * read after the first is reported and retried at the next refresh. Returns the last report.
 */
async function watch(ctx: CommandContext, spec: MonitorSpec, seconds: number): Promise<MonitorReport | undefined> {
  const inPlace = !ctx.json && Boolean(process.stdout.isTTY);
  const interrupt = listenForInterrupt();
  let last: MonitorReport | undefined;
  try {
    for (let frame = 1; !interrupt.stopping; frame++) {
      try {
        last = await readReport(ctx, spec);
        if (ctx.json) printJsonLine(last);
        else {
          const heading = paint.dim(
            `Every ${formatDuration(seconds)} · updated ${new Date().toISOString().slice(11, 19)} UTC · Ctrl-C to stop`,
          );
          process.stdout.write(`${inPlace ? CLEAR_SCREEN : frame > 1 ? '\n' : ''}${heading}\n${textReport(ctx, spec, last)}\n`);
        }
      } catch (err) {
        if (frame === 1 || !(err instanceof AwsError)) throw err;
        process.stderr.write(
          `${paint.red('streamalert: AWS error:')} ${printable(err.message)} (retrying in ${formatDuration(seconds)})\n`,
        );
      }
      if (interrupt.stopping) break;
      await interrupt.sleep(seconds * 1000);
    }
  } finally {
    interrupt.dispose();
  }
  if (!ctx.json) process.stderr.write(paint.dim('stopped\n'));
  return last;
}

const STATUS_STYLE: Record<MonitorStatus, { label: string; colour: (s: string) => string }> = {
  ok: { label: 'OK', colour: paint.green },
  adjust: { label: 'ADJUST', colour: paint.yellow },
  failing: { label: 'FAILING', colour: paint.red },
  'no-data': { label: 'NO DATA', colour: paint.yellow },
};

/** The report as text: heading, the chart if given, one row per period and a total, backlog, verdict, reasons and actions. */
export function renderReport(report: MonitorReport, chart?: string): string {
  const lines: string[] = [];
  const queue = report.queue;
  const t = report.trigger;
  lines.push(
    paint.bold(`Queue ${printable(queue.name)} (${printable(queue.region)})`) +
      (t.kind === 'sqs'
        ? ` · trigger sqs: batch ${num(t.batchSize)}, window ${t.maximumBatchingWindowSeconds}s, concurrency ${t.maximumConcurrency} · mapping ${t.mappingState ? printable(t.mappingState) : 'not found'}`
        : ` · schedule ${report.schedule.expression} · max_messages ${num(report.schedule.maxMessages)}`),
    `Last ${formatDuration(report.window.windowSeconds)} in ${formatDuration(report.window.periodSeconds)} periods, ${stamp(report.window.start)} – ${stamp(report.window.now)} UTC`,
  );
  if (chart) lines.push('', chart, '');
  if (queue.exists) {
    const dash = paint.dim('–');
    const cell = (value: number | null) => (value === null ? dash : num(value));
    const rows = report.rows.map((row) => [
      stamp(row.start) + (row.partial ? '*' : ''),
      cell(row.sent),
      cell(row.received),
      notDeleted(row) ? paint.red(cell(row.deleted)) : cell(row.deleted),
      cell(row.backlogMax),
      row.oldestAgeMaxSeconds === null ? dash : formatAge(row.oldestAgeMaxSeconds),
    ]);
    const totals = report.totals;
    rows.push([
      paint.bold('total'),
      paint.bold(num(totals.sent)),
      paint.bold(num(totals.received)),
      paint.bold(num(totals.deleted)),
      totals.backlogMax === null ? dash : paint.bold(num(totals.backlogMax)),
      totals.oldestAgeMaxSeconds === null ? dash : paint.bold(formatAge(totals.oldestAgeMaxSeconds)),
    ]);
    lines.push(
      table(['period start (UTC)', 'sent', 'received', 'deleted', 'backlog (max)', 'oldest (max)'], rows, [
        'left',
        'right',
        'right',
        'right',
        'right',
        'right',
      ]),
    );
    const partial = report.rows.find((row) => row.partial);
    if (partial)
      lines.push(
        paint.dim(
          `* current period, ${formatDuration(Math.round(partial.seconds / 60) * 60 || 60)} of ${formatDuration(report.window.periodSeconds)} so far; CloudWatch shows SQS metrics a few minutes late`,
        ),
      );
    const age =
      queue.oldestAgeSeconds === null
        ? 'unknown (no recent data point)'
        : `${formatAge(queue.oldestAgeSeconds)} (at ${queue.oldestAgeAt!.slice(11, 16)} UTC)`;
    // The dead-letter queue's name comes from the queue's RedrivePolicy (AWS): escaped, like every value from AWS.
    const dlqName = queue.deadLetter ? printable(queue.deadLetter.name) : '';
    const dlq = queue.deadLetter
      ? queue.deadLetter.exists
        ? `; dead-letter queue ${dlqName}: ${num(queue.deadLetter.visible ?? 0)}`
        : `; dead-letter queue ${dlqName}: not found`
      : '';
    lines.push(`Backlog now: ${num(queue.visible ?? 0)} waiting, ${num(queue.inFlight ?? 0)} in flight; oldest message ${age}${dlq}`);
  }
  if (t.invocations > 0 || t.errors > 0 || t.throttles > 0) {
    const duration = t.averageDurationMs === null ? '' : `, ${(t.averageDurationMs / 1000).toFixed(1)} s on average`;
    const per = t.perInvocation === null ? '' : `, ${num(t.perInvocation)} message(s) each`;
    lines.push(
      `Function: ${num(t.invocations)} invocation(s)${duration}${per}; ${num(t.errors)} error(s), ${num(t.throttles)} throttle(s)`,
    );
  }
  const style = STATUS_STYLE[report.status];
  lines.push('', style.colour(paint.bold(`${style.label}  ${printable(report.summary)}`)));
  for (const reason of report.reasons) lines.push(`  • ${printable(reason)}`);
  if (report.actions.length) {
    lines.push('', paint.bold('What to do:'));
    report.actions.forEach((action, i) => lines.push(`  ${i + 1}. ${printable(action)}`));
  }
  if (report.notes.length) {
    lines.push('', paint.bold('Notes:'));
    for (const note of report.notes) lines.push(`  - ${printable(note)}`);
  }
  return lines.join('\n');
}

function notDeleted(row: PeriodRow): boolean {
  return (row.received ?? 0) > 0 && (row.received! - (row.deleted ?? 0)) / row.received! > THRESHOLDS.notDeletedShare;
}

function num(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `2026-11-28 08:00` from an ISO time. */
function stamp(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

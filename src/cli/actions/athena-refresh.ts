/** `streamalert athena refresh --once | --interval [EXPR]` */
import type { Command } from 'commander';
import { refreshPorts } from '../../aws/refresh-ports.js';
import { MessagesKeptError, UsageError } from '../../core/errors.js';
import { runRefresh, type RefreshResult } from '../../core/refresh.js';
import { nextRun, parseSchedule, type Schedule } from '../../core/schedule.js';
import { CommandContext } from '../context.js';
import { listenForInterrupt } from '../interrupt.js';
import { paint, printJson, printLine, progress, table } from '../output.js';

interface RefreshFlags {
  once?: boolean;
  interval?: string | true;
  maxMessages?: string;
}

/** Runs `athena refresh` (its options are defined in commands/athena-refresh.ts). */
export async function action(flags: RefreshFlags, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  try {
    if (flags.once && flags.interval) throw new UsageError('--once and --interval cannot be combined');
    if (flags.interval) await runOnSchedule(ctx, flags);
    else {
      const result = await refreshOnce(ctx, flags);
      if (result.messages.kept > 0) throw new MessagesKeptError(result.messages.kept);
    }
  } finally {
    ctx.close();
  }
}

async function refreshOnce(ctx: CommandContext, flags: RefreshFlags): Promise<RefreshResult> {
  const settings = { ...ctx.config.athena };
  if (flags.maxMessages !== undefined) {
    const n = Number(flags.maxMessages);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-messages must be a positive whole number, not "${flags.maxMessages}"`);
    settings.max_messages = n;
  }
  const spinner = progress(`Draining ${settings.queue_name}`, ctx.options.output);
  try {
    const result = await runRefresh(settings, refreshPorts(settings, ctx.clients), {
      logger: ctx.logger,
      onProgress: (p) => spinner.update(`Draining ${settings.queue_name}: ${p.received} received, ${p.partitions} partition(s) registered, ${p.kept} kept`),
    });
    spinner.stop();
    if (ctx.json) printJson(result);
    else printSummary(result);
    return result;
  } catch (err) {
    spinner.fail('Refresh failed');
    throw err;
  }
}

async function runOnSchedule(ctx: CommandContext, flags: RefreshFlags): Promise<void> {
  const expression = flags.interval === true ? ctx.config.athena.schedule_expression : flags.interval!;
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new UsageError(`--interval: ${parsed.reason}`);
  const schedule: Schedule = parsed.schedule;
  const interrupt = listenForInterrupt(() =>
    process.stderr.write(paint.yellow('\nStopping after the run in progress (Ctrl-C again to quit now)\n')),
  );
  let kept = 0;
  try {
    while (!interrupt.stopping) {
      const result = await refreshOnce(ctx, flags);
      kept += result.messages.kept;
      if (interrupt.stopping) break;
      const next = nextRun(schedule, new Date());
      if (!next) break;
      if (!ctx.json) process.stderr.write(paint.dim(`next run at ${next.toISOString()} (${schedule.expression})\n`));
      await interrupt.sleep(next.getTime() - Date.now());
    }
  } finally {
    interrupt.dispose();
  }
  if (kept > 0) throw new MessagesKeptError(kept);
}

export function printSummary(r: RefreshResult): void {
  const m = r.messages;
  printLine(paint.bold(`Refreshed ${r.queue} → database ${r.database} (${r.strategy}) in ${(r.durationMs / 1000).toFixed(1)}s, stopped: ${r.stoppedBy}`));
  printLine(
    table(
      ['received', 'deleted', 'kept', 'no work', 'delete failed'],
      [[m.received, m.deleted, m.kept > 0 ? paint.yellow(String(m.kept)) : 0, m.noWork, m.deleteFailed]],
      ['right', 'right', 'right', 'right', 'right'],
    ),
  );
  const tables = Object.entries(r.partitions);
  if (tables.length) {
    printLine(
      table(
        ['table', 'partitions registered', 'dt'],
        tables.map(([t, dts]) => [t, dts.length, dts.length > 4 ? `${dts[0]} … ${dts[dts.length - 1]}` : dts.join(', ')]),
        ['left', 'right', 'left'],
      ),
    );
  } else printLine('No new partitions.');
  const failed = r.calls.filter((c) => !c.ok);
  const athena = r.calls.filter((c) => c.kind === 'athena').length;
  const glue = r.calls.filter((c) => c.kind === 'glue').length;
  printLine(`${athena} Athena statement(s), ${glue} Glue call(s), ${r.apiCalls.receive} receive(s), ${r.apiCalls.delete} delete batch(es)`);
  for (const c of failed) printLine(paint.red(`failed: ${c.error}`));
  if (r.keptMessages.length) {
    printLine(paint.yellow(`${m.kept} message(s) kept on the queue:`));
    for (const k of r.keptMessages.slice(0, 20)) printLine(`  ${k.messageId}: ${k.reason}`);
    if (m.kept > 20) printLine(`  … and ${m.kept - 20} more (use --output json for up to 1,000)`);
  }
}

/** `streamalert athena refresh`: the action; its options are defined in commands/athena-refresh/command.ts. */
import type { Command } from 'commander';
import { refresher, type Refresher } from '../../../api/refresh.js';
import type { Config } from '../../../core/config/load.js';
import { AwsError, ConfigError, UsageError } from '../../../core/kernel/errors.js';
import { cliMessage } from '../../errors/messages.js';
import { MessagesKeptError } from '../../errors/outcomes.js';
import type { RefreshResult } from '../../../core/refresh/index.js';
import { cut, printable, printableLines, quote } from '../../../core/kernel/quote.js';
import { nextRun, parseSchedule, type Schedule } from '../../../core/schedule/schedule.js';
import { CommandContext } from '../../context.js';
import { listenForInterrupt } from '../../interrupt.js';
import { MAX_CONSECUTIVE_FAILURES, runScheduleLoop } from './schedule-loop.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';

interface RefreshFlags {
  once?: boolean;
  interval?: string | true;
  maxMessages?: string;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: RefreshFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    if (flags.once && flags.interval) throw new UsageError('--once and --interval cannot be combined');
    const config = withMaxMessages(ctx.config, flags.maxMessages);
    // One wiring for every run: the ports, and so the SQS connections, last as long as the command.
    const run = refresher(config, ctx.clients);
    if (flags.interval) await runOnSchedule(ctx, config, run, flags.interval);
    else {
      const result = await refreshOnce(ctx, config, run);
      if (result.messages.kept > 0) throw new MessagesKeptError(result.messages.kept);
    }
  } finally {
    ctx.close();
  }
}

/** The configuration with --max-messages in place of `max_messages`. */
function withMaxMessages(config: Config, maxMessages: string | undefined): Config {
  if (maxMessages === undefined) return config;
  const n = Number(maxMessages);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-messages must be a positive whole number, not ${quote(maxMessages)}`);
  return { ...config, athena: { ...config.athena, max_messages: n } };
}

async function refreshOnce(ctx: CommandContext, config: Config, run: Refresher): Promise<RefreshResult> {
  const settings = config.athena;
  const spinner = progress(`Draining ${settings.queue_name}`, ctx.options.output);
  try {
    const result = await run.drain({
      logger: ctx.logger,
      onProgress: (p) =>
        spinner.update(`Draining ${settings.queue_name}: ${p.received} received, ${p.partitions} partition(s) registered, ${p.kept} kept`),
    });
    spinner.stop();
    if (ctx.json) printJson(result, { dataKeys: ['partitions'] });
    else printSummary(result);
    if (result.messages.deleteFailed > 0) throw deleteError(result);
    return result;
  } catch (err) {
    spinner.fail('Refresh failed');
    throw err;
  }
}

/**
 * Done messages that SQS would not delete, after retries (a missing sqs:DeleteMessage looks exactly
 * like this). Nothing is lost, they come back and are done again, but the run did not do its job.
 */
function deleteError(result: RefreshResult): AwsError {
  const reasons = [...new Set(result.deleteFailures.map((failure) => failure.reason))];
  const said = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? ` (+${reasons.length - 3} more)` : '');
  const code = /^DeleteMessageBatch (\S+?):/.exec(reasons[0] ?? '')?.[1];
  return new AwsError(
    `${result.messages.deleteFailed} message(s) were done but could not be deleted from ${result.queue} after retries; SQS said: ${said}. ` +
      'Their partitions are registered, so they come back and are done again; check that the credentials allow sqs:DeleteMessage on the queue.',
    'SQS',
    'DeleteMessageBatch',
    code,
  );
}

async function runOnSchedule(ctx: CommandContext, config: Config, run: Refresher, interval: string | true): Promise<void> {
  const expression = interval === true ? config.athena.schedule_expression : interval;
  const parsed = parseSchedule(expression);
  // A schedule expression is configuration, whether it comes from conf/ or from the flag.
  if (!parsed.ok) throw new ConfigError(`--interval: ${cut(parsed.reason, 400)}`);
  const schedule: Schedule = parsed.schedule;
  const interrupt = listenForInterrupt(() =>
    process.stderr.write(paint.yellow('\nStopping after the run in progress (Ctrl-C again to quit now)\n')),
  );
  let kept = 0;
  try {
    await runScheduleLoop({
      runOnce: async () => {
        kept += (await refreshOnce(ctx, config, run)).messages.kept;
      },
      next: (from) => nextRun(schedule, from),
      now: () => Date.now(),
      sleep: (ms) => interrupt.sleep(ms),
      stopping: () => interrupt.stopping,
      onFailure: (err, n) =>
        process.stderr.write(
          `${paint.red('streamalert: run failed:')} ${printableLines(cliMessage(err))} (${n} in a row; the schedule goes on, and stops after ${MAX_CONSECUTIVE_FAILURES})\n`,
        ),
      onNext: (at) => {
        if (!ctx.json) process.stderr.write(paint.dim(`next run at ${at.toISOString()} (${schedule.expression})\n`));
      },
    });
  } finally {
    interrupt.dispose();
  }
  if (kept > 0) throw new MessagesKeptError(kept);
}

export function printSummary(result: RefreshResult): void {
  const messages = result.messages;
  printLine(
    paint.bold(
      `Refreshed ${result.queue} → database ${result.database} (${result.strategy}) in ${(result.durationMs / 1000).toFixed(1)}s, stopped: ${result.stoppedBy}`,
    ),
  );
  printLine(
    table(
      ['received', 'deleted', 'kept', 'no work', 'delete failed'],
      [
        [
          messages.received,
          messages.deleted,
          messages.kept > 0 ? paint.yellow(String(messages.kept)) : 0,
          messages.noWork,
          messages.deleteFailed,
        ],
      ],
      ['right', 'right', 'right', 'right', 'right'],
    ),
  );
  const tables = Object.entries(result.partitions);
  if (tables.length) {
    printLine(
      table(
        ['table', 'partitions registered', 'dt'],
        tables.map(([name, dts]) => [name, dts.length, dts.length > 4 ? `${dts[0]} … ${dts[dts.length - 1]}` : dts.join(', ')]),
        ['left', 'right', 'left'],
      ),
    );
  } else printLine('No new partitions.');
  const skips = result.layoutSkips;
  if (skips) {
    const parts = [
      skips.ignored ? `${skips.ignored} matched an ignore_layouts template` : '',
      skips.projected ? `${skips.projected} belong to tables that use partition projection` : '',
    ].filter(Boolean);
    printLine(`Objects done with no work by their table's layout: ${parts.join('; ')}.`);
  }
  const failed = result.calls.filter((call) => !call.ok);
  const athena = result.calls.filter((call) => call.kind === 'athena').length;
  const glue = result.calls.filter((call) => call.kind === 'glue').length;
  printLine(
    `${athena} Athena statement(s), ${glue} Glue call(s), ${result.apiCalls.receive} receive(s), ${result.apiCalls.delete} delete batch(es)`,
  );
  for (const call of failed) printLine(paint.red(`failed: ${printable(call.error ?? '')}`));
  // Reasons and ids may hold values from messages: shown escaped, one line each.
  if (result.keptMessages.length) {
    printLine(paint.yellow(`${messages.kept} message(s) kept on the queue:`));
    for (const kept of result.keptMessages.slice(0, 20)) printLine(`  ${printable(kept.messageId)}: ${printable(kept.reason)}`);
    if (messages.kept > 20) printLine(`  … and ${messages.kept - 20} more (use --output json for up to 1,000)`);
  }
}

/** `streamalert athena redrive`: the action; its options are defined in commands/athena-redrive.ts. */
import type { Command } from 'commander';
import { redriveQueues } from '../../aws/dead-letter.js';
import { PartialFailureError, UsageError } from '../../core/errors.js';
import { runRedrive, type RedriveResult } from '../../core/redrive.js';
import { CommandContext } from '../context.js';
import { listenForInterrupt } from '../interrupt.js';
import { paint, printJson, printLine, progress } from '../output.js';

interface RedriveFlags {
  max?: string;
  dryRun?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: RedriveFlags, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  const max = parseMax(flags.max);
  const interrupt = listenForInterrupt(() => process.stderr.write(paint.yellow('\nStopping after the batch in progress (Ctrl-C again to quit now)\n')));
  try {
    const { from, to } = await redriveQueues(ctx.clients.sqs(), ctx.config.athena.queue_name);
    const spinner = progress(`Moving messages from ${from.name} to ${to.name}`, ctx.options.output);
    const result = await runRedrive(from, to, {
      max,
      dryRun: flags.dryRun,
      shouldStop: () => interrupt.stopping,
      onProgress: (p) => spinner.update(`Moving messages from ${from.name} to ${to.name}: ${p.moved} moved`),
    });
    spinner.stop();
    if (ctx.json) printJson(result);
    else printRedrive(result);
    if (result.error) throw new PartialFailureError(`the redrive stopped: ${result.error}. Messages not yet moved are still in ${result.from}; run it again.`);
    if (result.sendFailed || result.deleteFailed) throw new PartialFailureError('some messages could not be moved (see above); they are still in the dead-letter queue.');
  } finally {
    interrupt.dispose();
    ctx.close();
  }
}

function parseMax(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max must be a positive whole number, not "${text}"`);
  return n;
}

export function printRedrive(r: RedriveResult): void {
  const left = `${r.left.visible} message(s) left in ${r.from}${r.left.inFlight ? ` (and ${r.left.inFlight} in flight, visible again after their visibility timeout)` : ''}`;
  if (r.dryRun) {
    printLine(`Dry run: ${r.wouldMove} message(s) would move from ${r.from} to ${r.to}; ${left}. Nothing was moved.`);
    return;
  }
  const why = { empty: 'the dead-letter queue is empty', max: 'reached --max', interrupted: 'interrupted', error: 'stopped by an error', 'dry-run': '' }[r.stoppedBy];
  printLine(paint.bold(`Moved ${r.moved} message(s) from ${r.from} to ${r.to} (${why}); ${left}.`));
  if (r.sendFailed) printLine(paint.red(`${r.sendFailed} message(s) not accepted by ${r.to}: left in ${r.from}.`));
  if (r.deleteFailed) printLine(paint.yellow(`${r.deleteFailed} message(s) sent but not deleted from ${r.from}: they will be moved again (a harmless duplicate).`));
  for (const f of r.failures.slice(0, 10)) printLine(`  ${f.messageId}: ${f.reason}`);
  if (r.error) printLine(paint.red(r.error));
  if (r.moved) printLine(paint.dim(`The next refresh retries them: streamalert athena refresh --once (or wait for the schedule).`));
}

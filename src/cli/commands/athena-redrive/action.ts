/** `streamalert athena redrive`: the action (the library's redrive(), printed); its options are defined in commands/athena-redrive/command.ts. */
import type { Command } from 'commander';
import { redrive } from '../../../api/redrive.js';
import { PartialFailureError, UsageError } from '../../../core/kernel/errors.js';
import { printable, quote } from '../../../core/kernel/quote.js';
import type { RedriveResult } from '../../../core/redrive/redrive.js';
import { CommandContext } from '../../context.js';
import { listenForInterrupt } from '../../interrupt.js';
import { paint, printJson, printLine, progress } from '../../output.js';

interface RedriveFlags {
  max?: string;
  dryRun?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: RedriveFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  const max = parseMax(flags.max);
  const interrupt = listenForInterrupt(() =>
    process.stderr.write(paint.yellow('\nStopping after the batch in progress (Ctrl-C again to quit now)\n')),
  );
  try {
    const spinner = progress(`Moving messages from the dead-letter queue to ${ctx.config.athena.queue_name}`, ctx.options.output);
    let result: RedriveResult;
    try {
      // The CLI's config and clients: one client set, and --debug's request log stays.
      result = await redrive({
        config: ctx.config,
        clients: ctx.clients,
        max,
        dryRun: flags.dryRun,
        shouldStop: () => interrupt.stopping,
        onProgress: (p) => spinner.update(`Moving messages from ${p.from} to ${p.to}: ${p.moved} moved`),
      });
      spinner.stop();
    } catch (err) {
      spinner.fail('Redrive failed');
      throw err;
    }
    if (ctx.json) printJson(result);
    else printRedrive(result);
    if (result.error)
      throw new PartialFailureError(
        `the redrive stopped: ${result.error}. Messages not yet moved are still in ${result.from}; run it again.`,
      );
    if (result.sendFailed || result.deleteFailed)
      throw new PartialFailureError('some messages could not be moved (see above); they are still in the dead-letter queue.');
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

export function printRedrive(result: RedriveResult): void {
  const from = printable(result.from);
  const to = printable(result.to);
  const inFlight = result.left.inFlight ? ` (and ${result.left.inFlight} in flight, visible again after their visibility timeout)` : '';
  if (result.dryRun) {
    // Nothing moves in a dry run: say what the queue holds now and what a real run would take.
    const capped = result.wouldMove !== undefined && result.wouldMove < result.left.visible ? ' (--max)' : '';
    printLine(
      `Dry run: ${from} holds ${result.left.visible} message(s)${inFlight}; a redrive would move at most ${result.wouldMove} of them${capped} to ${to}. Nothing was moved.`,
    );
    printLine(paint.dim(`Only dead letters of ${to} (or about its buckets) move; any other queue's stay in ${from}.`));
    return;
  }
  const left = `${result.left.visible} message(s) left in ${from}${inFlight}`;
  const why = {
    empty: 'the dead-letter queue is empty',
    max: 'reached --max',
    interrupted: 'interrupted',
    error: 'stopped by an error',
    'dry-run': '',
  }[result.stoppedBy];
  printLine(paint.bold(`Moved ${result.moved} message(s) from ${from} to ${to} (${why}); ${left}.`));
  if (result.notOurs.count) {
    printLine(paint.yellow(`Left ${result.notOurs.count} message(s) in ${from} that are not ${to}'s:`));
    for (const r of result.notOurs.reasons) printLine(`  ${r.count} × ${printable(r.reason)}`);
  }
  if (result.sendFailed) printLine(paint.red(`${result.sendFailed} message(s) not accepted by ${to}: left in ${from}.`));
  if (result.deleteFailed)
    printLine(
      paint.yellow(`${result.deleteFailed} message(s) sent but not deleted from ${from}: they will be moved again (a harmless duplicate).`),
    );
  // Message ids and reasons come from AWS: quoted and escaped.
  for (const failure of result.failures.slice(0, 10)) printLine(`  ${quote(failure.messageId)}: ${printable(failure.reason)}`);
  if (result.error) printLine(paint.red(printable(result.error)));
  if (result.moved) printLine(paint.dim(`The next refresh retries them: streamalert athena refresh --once (or wait for the schedule).`));
}

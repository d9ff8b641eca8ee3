/** `streamalert athena backfill`: the action (the library's backfill(), printed); its options are defined in commands/athena-backfill/command.ts. */
import type { Command } from 'commander';
import { backfill } from '../../../api/backfill.js';
import { backfillSucceeded, type BackfillResult } from '../../../core/backfill/report.js';
import { PartialFailureError } from '../../../core/kernel/errors.js';
import { printable, quote } from '../../../core/kernel/quote.js';
import { CommandContext } from '../../context.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';

interface BackfillFlags {
  table?: string[];
  since?: string;
  until?: string;
  rebuild?: boolean;
  dryRun?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: BackfillFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const spinner = progress('Listing partition folders', ctx.options.output);
    let result: BackfillResult;
    try {
      // The CLI's config and clients: one client set, and --debug's request log stays.
      result = await backfill({
        config: ctx.config,
        clients: ctx.clients,
        tables: flags.table,
        since: flags.since,
        until: flags.until,
        rebuild: flags.rebuild,
        dryRun: flags.dryRun,
        logger: ctx.logger,
        onProgress: (p) =>
          spinner.update(
            p.phase === 'listing'
              ? `Listing partition folders: ${p.listCalls} list call(s), ${p.partitions} partition(s) found`
              : `${flags.dryRun ? 'Comparing' : 'Registering'}: ${p.partitions} partition(s) found, ${p.registered} registered`,
          ),
      });
      spinner.stop();
    } catch (err) {
      spinner.fail('Backfill failed');
      throw err;
    }
    if (ctx.json) printJson(result);
    else printBackfill(result);
    if (!backfillSucceeded(result))
      throw new PartialFailureError(
        'some tables or partitions could not be backfilled; see the reasons above, fix them and run the backfill again (it registers only what is still missing).',
      );
  } finally {
    ctx.close();
  }
}

/**
 * Folder names, locations, table names from `*` buckets and error messages come from S3 and Glue:
 * every one is printed escaped (core/kernel/quote.ts), so a key cannot move the cursor or recolour the terminal.
 */
export function printBackfill(result: BackfillResult): void {
  const range = result.range.since || result.range.until ? `, dt ${result.range.since ?? '…'} – ${result.range.until ?? '…'}` : '';
  printLine(
    paint.bold(
      `Backfill of database ${printable(result.database)} (${result.strategy})${range}${result.dryRun ? ' — dry run: nothing registered' : ''}`,
    ),
  );
  const head = ['table', 'found in S3', 'already registered', result.dryRun ? 'would register' : 'registered now', 'failed'];
  if (result.rebuild) head.push(result.dryRun ? 'would rebuild' : 'rebuilt');
  const rows = result.tables.map((row) => {
    const name = printable(row.table);
    const cells: (string | number)[] = [
      row.error ? paint.red(name) : name,
      row.found,
      row.already,
      result.dryRun ? row.missing : row.registered,
      row.failed ? paint.red(String(row.failed)) : 0,
    ];
    if (result.rebuild) cells.push(row.rebuilt);
    return cells;
  });
  if (rows.length) printLine(table(head, rows, ['left', ...head.slice(1).map(() => 'right' as const)]));
  else printLine('No table to backfill: no partition folder was found.');
  const glue = result.calls.filter((call) => call.kind === 'glue').length;
  const athena = result.calls.filter((call) => call.kind === 'athena').length;
  printLine(`${result.listCalls} ListObjectsV2 call(s), ${athena} Athena statement(s), ${glue} Glue BatchCreatePartition call(s)`);
  for (const row of result.tables) {
    const name = printable(row.table);
    if (row.error) printLine(paint.red(`${name}: ${printable(row.error)}`));
    if (row.note) printLine(paint.dim(`${name}: ${printable(row.note)}`));
    if (result.dryRun && row.missing) printLine(`${name}: would register ${printable(summarise(row.dt.missing))}`);
    for (const failure of row.failures.slice(0, 10)) printLine(paint.red(`${name} ${printable(failure.dt)}: ${printable(failure.reason)}`));
    if (row.failures.length > 10)
      printLine(paint.red(`${name}: … and ${row.failures.length - 10} more failure(s) (--output json lists them all)`));
    for (const conflict of row.conflicts)
      printLine(
        paint.yellow(
          `${name} ${printable(conflict.dt)}: found in ${conflict.locations.map((l) => quote(l)).join(' and ')}; one partition has one location, so it was not registered — move or remove one of them`,
        ),
      );
    for (const entry of row.elsewhere.slice(0, 10))
      printLine(
        paint.yellow(
          `${name} ${printable(entry.dt)}: registered at ${quote(entry.registered)}, but S3 holds it at ${quote(entry.found)}; left as it is`,
        ),
      );
  }
  if (result.skippedCount) {
    printLine(paint.dim(`${result.skippedCount} folder(s) fit no key layout and were not walked, e.g.:`));
    for (const skipped of result.skipped.slice(0, 5)) printLine(paint.dim(`  ${quote(skipped.location)}: ${printable(skipped.reason)}`));
  }
}

function summarise(dts: string[]): string {
  return dts.length > 6 ? `${dts.length} partitions, ${dts.slice(0, 3).join(', ')} … ${dts.slice(-2).join(', ')}` : dts.join(', ');
}

/** `streamalert athena backfill`: the action; its options are defined in commands/athena-backfill.ts. */
import type { Command } from 'commander';
import { backfillPorts } from '../../aws/backfill-ports.js';
import { backfillSucceeded, type BackfillResult } from '../../core/backfill/report.js';
import { runBackfill } from '../../core/backfill/run.js';
import { PartialFailureError } from '../../core/errors.js';
import { CommandContext } from '../context.js';
import { paint, printJson, printLine, progress, table } from '../output.js';

interface BackfillFlags {
  table?: string[];
  since?: string;
  until?: string;
  rebuild?: boolean;
  dryRun?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: BackfillFlags, command: Command): Promise<void> {
  const ctx = new CommandContext(command);
  try {
    const settings = ctx.config.athena;
    const spinner = progress('Listing partition folders', ctx.options.output);
    let result: BackfillResult;
    try {
      result = await runBackfill(settings, backfillPorts(settings, ctx.clients), {
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
    if (!backfillSucceeded(result)) throw new PartialFailureError('some tables or partitions could not be backfilled; see the reasons above, fix them and run the backfill again (it registers only what is still missing).');
  } finally {
    ctx.close();
  }
}

export function printBackfill(r: BackfillResult): void {
  const range = r.range.since || r.range.until ? `, dt ${r.range.since ?? '…'} – ${r.range.until ?? '…'}` : '';
  printLine(paint.bold(`Backfill of database ${r.database} (${r.strategy})${range}${r.dryRun ? ' — dry run: nothing registered' : ''}`));
  const head = ['table', 'found in S3', 'already registered', r.dryRun ? 'would register' : 'registered now', 'failed'];
  if (r.rebuild) head.push(r.dryRun ? 'would rebuild' : 'rebuilt');
  const rows = r.tables.map((t) => {
    const cells: (string | number)[] = [t.error ? paint.red(t.table) : t.table, t.found, t.already, r.dryRun ? t.missing : t.registered, t.failed ? paint.red(String(t.failed)) : 0];
    if (r.rebuild) cells.push(t.rebuilt);
    return cells;
  });
  if (rows.length) printLine(table(head, rows, ['left', ...head.slice(1).map(() => 'right' as const)]));
  else printLine('No table to backfill: no partition folder was found.');
  const glue = r.calls.filter((c) => c.kind === 'glue').length;
  const athena = r.calls.filter((c) => c.kind === 'athena').length;
  printLine(`${r.listCalls} ListObjectsV2 call(s), ${athena} Athena statement(s), ${glue} Glue BatchCreatePartition call(s)`);
  for (const t of r.tables) {
    if (t.error) printLine(paint.red(`${t.table}: ${t.error}`));
    if (r.dryRun && t.missing) printLine(`${t.table}: would register ${summarise(t.dt.missing)}`);
    for (const f of t.failures.slice(0, 10)) printLine(paint.red(`${t.table} ${f.dt}: ${f.reason}`));
    if (t.failures.length > 10) printLine(paint.red(`${t.table}: … and ${t.failures.length - 10} more failure(s) (--output json lists them all)`));
    for (const c of t.conflicts) printLine(paint.yellow(`${t.table} ${c.dt}: found in ${c.locations.join(' and ')}; one partition has one location, so it was not registered — move or remove one of them`));
    for (const e of t.elsewhere.slice(0, 10)) printLine(paint.yellow(`${t.table} ${e.dt}: registered at ${e.registered}, but S3 holds it at ${e.found}; left as it is`));
  }
  if (r.skippedCount) {
    printLine(paint.dim(`${r.skippedCount} folder(s) fit no key layout and were not walked, e.g.:`));
    for (const s of r.skipped.slice(0, 5)) printLine(paint.dim(`  ${s.location}: ${s.reason}`));
  }
}

function summarise(dts: string[]): string {
  return dts.length > 6 ? `${dts.length} partitions, ${dts.slice(0, 3).join(', ')} … ${dts.slice(-2).join(', ')}` : dts.join(', ');
}

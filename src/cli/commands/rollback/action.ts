/** `streamalert rollback --function NAME [--to VERSION] [--dry-run]`: move the production alias back (the library's rollback(), printed). */
import type { Command } from 'commander';
import { rollback, type RollbackReport } from '../../../api/deploy.js';
import { ALIAS } from '../../../core/deploy/functions.js';
import { printable } from '../../../core/kernel/quote.js';
import { CommandContext } from '../../context.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';

interface RollbackFlags {
  function?: string[];
  to?: string;
  dryRun?: boolean;
}

/** Runs `rollback` (its options are defined in commands/rollback/command.ts). */
export async function action(flags: RollbackFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const spinner = progress('Rolling back', ctx.options.output);
    let report: RollbackReport;
    try {
      report = await rollback({
        config: ctx.config,
        clients: ctx.clients,
        functions: flags.function ?? [],
        ...(flags.to !== undefined ? { to: flags.to } : {}),
        dryRun: Boolean(flags.dryRun),
        onProgress: (text) => spinner.update(text),
      });
      spinner.stop();
    } catch (err) {
      spinner.fail('Rollback failed');
      throw err;
    }
    if (ctx.json) printJson(report);
    else {
      printLine(
        table(
          ['function', 'name', 'alias', 'version'],
          report.functions.map((r) => [r.function, r.name, ALIAS, printable(`${r.from} → ${r.to}`) + (r.dryRun ? ' (dry run)' : '')]),
          ['left', 'left', 'left', 'left'],
        ),
      );
      for (const s of report.skipped) printLine(`${paint.dim('skipped')} ${s.key}: ${s.reason}`);
      if (flags.dryRun) printLine(paint.dim('dry run: nothing was changed'));
    }
  } finally {
    ctx.close();
  }
}

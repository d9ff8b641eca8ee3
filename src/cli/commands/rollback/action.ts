/** `streamalert rollback --function NAME [--to VERSION] [--dry-run]`: move the production alias back. */
import type { Command } from 'commander';
import { StsAccount } from '../../../aws/account/account.js';
import { LambdaFunctions } from '../../../aws/deploy/functions.js';
import { checkAccount } from '../../../core/account/account.js';
import { ALIAS, resolveFunctions } from '../../../core/deploy/functions.js';
import { runRollback, type RollbackResult } from '../../../core/deploy/rollback.js';
import { UsageError } from '../../../core/kernel/errors.js';
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
    const config = ctx.config;
    const selection = resolveFunctions(config, flags.function);
    if (flags.to !== undefined && selection.functions.length !== 1) throw new UsageError('--to needs exactly one function');
    const functions = new LambdaFunctions(ctx.clients);
    const spinner = progress('Rolling back', ctx.options.output);
    const results: RollbackResult[] = [];
    try {
      // Before the first read: another account's functions are not ours to move (dry run too).
      await checkAccount(new StsAccount(ctx.clients.sts), config);
      for (const spec of selection.functions) {
        spinner.update(`Rolling back ${spec.key} (${spec.name})`);
        results.push(
          await runRollback(spec, functions, { ...(flags.to !== undefined ? { to: flags.to } : {}), dryRun: Boolean(flags.dryRun) }),
        );
      }
      spinner.stop();
    } catch (err) {
      spinner.fail('Rollback failed');
      throw err;
    }
    if (ctx.json) printJson({ dryRun: Boolean(flags.dryRun), functions: results, skipped: selection.skipped });
    else {
      printLine(
        table(
          ['function', 'name', 'alias', 'version'],
          results.map((r) => [r.function, r.name, ALIAS, printable(`${r.from} → ${r.to}`) + (r.dryRun ? ' (dry run)' : '')]),
          ['left', 'left', 'left', 'left'],
        ),
      );
      for (const s of selection.skipped) printLine(`${paint.dim('skipped')} ${s.key}: ${s.reason}`);
      if (flags.dryRun) printLine(paint.dim('dry run: nothing was changed'));
    }
  } finally {
    ctx.close();
  }
}

/** `streamalert athena iam-policy [--for refresh|backfill|redrive]`: least-privilege IAM policies. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { buildIamPolicy } from '../../core/iam-policy.js';
import { buildBackfillPolicy, buildRedrivePolicy } from '../../core/iam-policy-tools.js';
import { CommandContext } from '../context.js';
import { printDocument } from '../output.js';

const BUILDERS = { refresh: buildIamPolicy, backfill: buildBackfillPolicy, redrive: buildRedrivePolicy };

export function registerAthenaIamPolicy(athena: Command): void {
  athena
    .command('iam-policy')
    .description('print the least-privilege IAM policy (JSON) the refresh function needs for the configured strategy, queue, database, tables and buckets (--for backfill or redrive: what those commands need)')
    .option('--for <command>', 'refresh (the function, default), backfill or redrive', 'refresh')
    .action((flags: { for: string }, command: Command) => {
      const ctx = new CommandContext(command);
      try {
        if (!Object.hasOwn(BUILDERS, flags.for)) throw new UsageError(`--for must be refresh, backfill or redrive, not "${flags.for}"`);
        // Built from conf/ and --region alone: no AWS call is made. An IAM policy document, printed
        // as IAM takes it (no schema_version: IAM refuses unknown keys).
        printDocument(BUILDERS[flags.for as keyof typeof BUILDERS](ctx.config));
      } finally {
        ctx.close();
      }
    });
}

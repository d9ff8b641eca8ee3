/** `streamalert athena iam-policy [--for refresh|init|backfill|redrive|deploy|rollback|monitor]`: least-privilege IAM policies, from conf/ alone; the options here, the action is in commands/athena-iam-policy/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerAthenaIamPolicy(athena: Command): void {
  athena
    .command('iam-policy')
    .description(
      'print the least-privilege IAM policy (JSON) the refresh function needs for the configured strategy, queue, database, tables and buckets (--for init, backfill, redrive, deploy, rollback or monitor: what those commands need)',
    )
    .option('--for <command>', 'refresh (the function, default), init, backfill, redrive, deploy, rollback or monitor', 'refresh')
    .action(lazyAction(load));
}

/** `streamalert athena init [--dry-run] [--update-tables]`: stand up the refresh function's AWS resources; the options here, the action is in commands/athena-init/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerAthenaInit(athena: Command): void {
  athena
    .command('init')
    .description(
      'create or update what the refresh function needs, from conf/: the notification queue, its dead-letter queue and policy, ' +
        "the data buckets' notifications (merged into theirs), the results bucket, the database and tables",
    )
    .option('--dry-run', 'print the plan and change nothing')
    .option('--update-tables', 'also change existing tables whose columns or storage differ from their schema (partitions are kept)')
    .action(lazyAction(load));
}

/** `streamalert athena refresh --once | --interval [EXPR]`: the options; the action is in commands/athena-refresh/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerAthenaRefresh(athena: Command): void {
  athena
    .command('refresh')
    .description('drain the S3 notification queue and register the new partitions in Athena')
    .option('--once', 'run once and exit (the default)')
    .option('--interval [expression]', 'keep running on a schedule: rate(...) or cron(...) (default: schedule_expression)')
    .option('--max-messages <n>', 'stop a run after this many messages (default: max_messages)')
    .action(lazyAction(load));
}

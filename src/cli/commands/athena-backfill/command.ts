/** `streamalert athena backfill [--table T ...] [--since D] [--until D] [--rebuild] [--dry-run]`: the options; the action is in commands/athena-backfill/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerAthenaBackfill(athena: Command): void {
  athena
    .command('backfill')
    .description('register the partitions that exist in S3 but not in the catalog (objects whose notifications never reached the queue)')
    .option('--table <name...>', 'only these tables (default: every table the bucket map holds)')
    .option('--since <date>', 'only partitions from this dt on: YYYY-MM-DD or YYYY-MM-DD-HH (UTC)')
    .option('--until <date>', 'only partitions up to this dt, inclusive: YYYY-MM-DD or YYYY-MM-DD-HH (UTC)')
    .option('--rebuild', "also give registered partitions in the range the table's current schema (after a column was added)")
    .option('--dry-run', 'list what would be registered; register nothing')
    .action(lazyAction(load));
}

/** `streamalert athena redrive [--max N] [--dry-run]`: the options; the action is in commands/athena-redrive/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerAthenaRedrive(athena: Command): void {
  athena
    .command('redrive')
    .description(
      "move the dead-letter queue's messages back to the notification queue, for the next refresh to retry (once their cause is fixed)",
    )
    .option('--max <n>', 'move at most this many messages')
    .option('--dry-run', 'say how many would move; move nothing')
    .action(lazyAction(load));
}

/** `streamalert schedule [EXPR] [--count N] [--from ISO-TIME]`: the options; the action is in commands/schedule/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description(
      "print the next times (UTC) a rate() or cron() expression fires, by EventBridge's rules: the check before setting schedule_expression",
    )
    .argument('[expression]', 'rate(...) or cron(...) (default: schedule_expression in conf/lambda.json)')
    .option('--count <n>', 'how many times to print', '10')
    .option('--from <iso-time>', 'list the times after this one (default: now); without a zone it is UTC')
    .action(lazyAction(load));
}

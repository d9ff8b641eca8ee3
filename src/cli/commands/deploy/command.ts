/** `streamalert deploy --function athena|rule|alert|all [--dry-run]`: the options; the action is in commands/deploy/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export const FUNCTION_OPTION = ['--function <names...>', 'athena, rule, alert (one or more, or comma-separated) or all'] as const;

export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description(
      'package the Lambda functions and make the live ones match: code, settings, version, production alias, role, log retention, schedule or SQS trigger',
    )
    .option(...FUNCTION_OPTION)
    .option('--dry-run', 'show what would change, per function, and change nothing')
    .option(
      '--force-role',
      'put back the role deploy made when someone widened it by hand: remove its other inline and attached policies and its permissions boundary',
    )
    .action(lazyAction(load));
}

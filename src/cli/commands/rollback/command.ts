/** `streamalert rollback --function NAME [--to VERSION] [--dry-run]`: the options; the action is in commands/rollback/action.ts. */
import type { Command } from 'commander';
import { ALIAS } from '../../../core/deploy/functions.js';
import { lazyAction } from '../../lazy-action.js';
import { FUNCTION_OPTION } from '../deploy/command.js';

const load = () => import('./action.js');

export function registerRollback(program: Command): void {
  program
    .command('rollback')
    .description(`move the ${ALIAS} alias back to the previous published version`)
    .option(...FUNCTION_OPTION)
    .option('--to <version>', 'the version to move the alias to (default: the one before the current)')
    .option('--dry-run', 'show which version the alias would move to, and change nothing')
    .action(lazyAction(load));
}

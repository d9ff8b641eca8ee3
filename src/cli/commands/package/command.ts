/** `streamalert package --function ... --out DIR`: write the zips deploy would upload; the options here, the action is in commands/package/action.ts. */
import type { Command } from 'commander';
import { FUNCTION_OPTION } from '../deploy/command.js';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerPackage(program: Command): void {
  program
    .command('package')
    .description('write the zips deploy would upload, with their sizes and hashes')
    .option(...FUNCTION_OPTION)
    .option('--out <dir>', 'folder to write <function name>.zip into', 'build/lambda')
    .action(lazyAction(load));
}

/** `streamalert completion bash|zsh|fish`: the options; the action is in commands/completion/action.ts. */
import { Argument, type Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, subcommands, options) for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(lazyAction(load));
}

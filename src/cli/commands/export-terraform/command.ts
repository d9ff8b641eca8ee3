/** `streamalert export terraform [--out DIR] [--function athena|all]`: the options; the action is in commands/export-terraform/action.ts. */
import type { Command } from 'commander';
import { lazyAction } from '../../lazy-action.js';

const load = () => import('./action.js');

export function registerExport(program: Command): Command {
  const exportCommand = program.command('export').description('hand what init and deploy manage to another tool');
  exportCommand
    .command('terraform')
    .description(
      "write what athena init and deploy manage as Terraform JSON (DIR/streamalert.tf.json, with the function's zip beside it): " +
        'import blocks for what exists, the notification configurations of other teams carried along',
    )
    .option('--out <dir>', 'the folder to write into', 'build/terraform')
    .option('--function <names...>', 'athena (the default), rule, alert, or all', ['athena'])
    .action(lazyAction(load));
  return exportCommand;
}

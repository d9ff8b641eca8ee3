/** `streamalert athena iam-policy [--for refresh|init]`: least-privilege IAM policies, from conf/ alone. */
import { Option, type Command } from 'commander';
import { loadTableSchemas } from '../../core/config/table-schemas.js';
import { buildIamPolicy } from '../../core/iam-policy.js';
import { buildInitIamPolicy } from '../../core/init/iam-policy.js';
import { initTarget } from '../../core/init/plan.js';
import { CommandContext } from '../context.js';
import { printJson } from '../output.js';

export function registerAthenaIamPolicy(athena: Command): void {
  athena
    .command('iam-policy')
    .description('print the least-privilege IAM policy (JSON) the refresh function needs (or, with --for init, what athena init needs)')
    .addOption(
      new Option('--for <command>', 'refresh: the refresh function for the configured strategy, queue, database, tables and buckets; init: whoever runs athena init')
        .choices(['refresh', 'init'])
        .default('refresh'),
    )
    .action((flags: { for: 'refresh' | 'init' }, command: Command) => {
      const ctx = new CommandContext(command);
      try {
        // Built from conf/ and --region alone: no AWS call is made.
        const config = ctx.config;
        printJson(flags.for === 'init' ? buildInitIamPolicy(config, initTarget(config, loadTableSchemas(config.dir))) : buildIamPolicy(config));
      } finally {
        ctx.close();
      }
    });
}

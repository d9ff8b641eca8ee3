/** The commander program: global options and one file per command under commands/. */
import { Command } from 'commander';
import { registerAthenaIamPolicy } from './commands/athena-iam-policy.js';
import { registerAthenaInit } from './commands/athena-init.js';
import { registerAthenaMonitor } from './commands/athena-monitor.js';
import { registerAthenaRefresh } from './commands/athena-refresh.js';
import { registerDeploy } from './commands/deploy.js';
import { registerPackage } from './commands/package.js';
import { registerRollback } from './commands/rollback.js';
import { addGlobalOptions } from './context.js';

export function createProgram(): Command {
  const program = addGlobalOptions(
    new Command('streamalert')
      .description('Keep Athena tables searchable as alert and log data lands in S3')
      .version('0.1.0')
      .showHelpAfterError('(run with --help for usage)'),
  );
  program.exitOverride();
  const athena = program.command('athena').description('the Athena Partition Refresh function');
  registerAthenaInit(athena);
  registerAthenaRefresh(athena);
  registerAthenaMonitor(athena);
  registerAthenaIamPolicy(athena);
  registerDeploy(program);
  registerPackage(program);
  registerRollback(program);
  for (const c of [program, ...program.commands, ...athena.commands]) c.exitOverride();
  return program;
}

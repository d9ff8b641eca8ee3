/** The commander program: global options and one file per command under commands/. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { registerAthenaBackfill } from './commands/athena-backfill/command.js';
import { registerAthenaIamPolicy } from './commands/athena-iam-policy/command.js';
import { registerAthenaRedrive } from './commands/athena-redrive/command.js';
import { registerAthenaInit } from './commands/athena-init/command.js';
import { registerAthenaMonitor } from './commands/athena-monitor/command.js';
import { registerAthenaRefresh } from './commands/athena-refresh/command.js';
import { registerCompletion } from './commands/completion/command.js';
import { registerDeploy } from './commands/deploy/command.js';
import { registerExport } from './commands/export-terraform/command.js';
import { registerPackage } from './commands/package/command.js';
import { registerRollback } from './commands/rollback/command.js';
import { registerSchedule } from './commands/schedule/command.js';
import { addGlobalOptions } from './global-options.js';
import { addExamples } from './examples.js';

/** The package's version, from package.json (src/cli and dist/cli are both two levels below it). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function createProgram(): Command {
  const program = addGlobalOptions(
    new Command('streamalert')
      .description('Keep Athena tables searchable as alert and log data lands in S3')
      .version(packageVersion())
      .showHelpAfterError('(run with --help for usage)')
      // Subcommands inherit this: each one's --help lists the global options too.
      .configureHelp({ showGlobalOptions: true }),
  );
  program.exitOverride();
  const athena = program.command('athena').description('the Athena Partition Refresh function');
  registerAthenaInit(athena);
  registerAthenaRefresh(athena);
  registerAthenaMonitor(athena);
  registerAthenaBackfill(athena);
  registerAthenaRedrive(athena);
  registerAthenaIamPolicy(athena);
  registerDeploy(program);
  const exportCommand = registerExport(program);
  registerPackage(program);
  registerRollback(program);
  registerSchedule(program);
  registerCompletion(program);
  addExamples(program);
  for (const c of [program, ...program.commands, ...athena.commands, ...exportCommand.commands]) c.exitOverride();
  return program;
}

/** `streamalert completion SHELL`: the script, from the program's own command tree. */
import type { Command } from 'commander';
import { UsageError } from '../../../core/kernel/errors.js';
import { quote } from '../../../core/kernel/quote.js';
import { completionScript, SHELLS, type Shell } from '../../completion/index.js';

export async function action(shell: string, _flags: unknown, command: Command): Promise<void> {
  if (!SHELLS.includes(shell as Shell))
    throw new UsageError(`completion: the shell must be one of ${SHELLS.join(', ')}, not ${quote(shell)}`);
  let program = command;
  while (program.parent) program = program.parent;
  process.stdout.write(completionScript(program, shell as Shell));
}

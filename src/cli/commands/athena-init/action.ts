/** `streamalert athena init`: the action (the library's init(), printed); its options are defined in commands/athena-init/command.ts. */
import type { Command } from 'commander';
import { init } from '../../../api/init.js';
import { InitBlockedError } from '../../../core/kernel/errors.js';
import type { InitRun } from '../../../core/init/run.js';
import type { PlannedResource } from '../../../core/init/types.js';
import { CommandContext } from '../../context.js';
import { printable } from '../../../core/kernel/quote.js';
import { paint, printJson, printLine, progress, table } from '../../output.js';

interface InitFlags {
  dryRun?: boolean;
  updateTables?: boolean;
}

/** Runs the command (loaded only when it runs). */
export async function action(flags: InitFlags, command: Command): Promise<void> {
  const ctx = await CommandContext.create(command);
  try {
    const run = await initWithSpinner(ctx, flags);
    if (ctx.json) printJson({ dryRun: run.dryRun, resources: run.resources });
    else printPlan(run);
    if (run.blocked.length) throw new InitBlockedError(run.blocked);
  } finally {
    ctx.close();
  }
}

async function initWithSpinner(ctx: CommandContext, flags: InitFlags): Promise<InitRun> {
  const spinner = progress(flags.dryRun ? 'Planning athena init' : 'Running athena init', ctx.options.output);
  try {
    // The CLI's config and clients; init() reads the schema files before any AWS call.
    const run = await init({
      config: ctx.config,
      clients: ctx.clients,
      dryRun: Boolean(flags.dryRun),
      updateTables: Boolean(flags.updateTables),
      onProgress: (text) => {
        spinner.update(text);
        ctx.logger.debug(text);
      },
    });
    spinner.stop();
    return run;
  } catch (err) {
    spinner.fail(flags.dryRun ? 'Planning failed' : 'athena init failed');
    throw err;
  }
}

const COLOUR: Record<PlannedResource['action'], (s: string) => string> = {
  create: paint.green,
  update: paint.yellow,
  unchanged: (s) => s,
  blocked: paint.red,
};

/** On a terminal the detail column wraps to its width; piped output keeps one line per row. */
function fitToTerminal(resources: PlannedResource[]): number[] | undefined {
  const columns = process.stdout.isTTY ? process.stdout.columns : 0;
  if (!columns) return undefined;
  const width = (values: string[]) => Math.max(...values.map((v) => v.length)) + 2;
  const fixed = [
    width(['kind', ...resources.map((r) => r.kind)]),
    width(['name', ...resources.map((r) => r.name)]),
    width(['action', ...resources.map((r) => r.action)]),
  ];
  const detail = columns - fixed.reduce((a, b) => a + b, 0) - 5;
  return detail >= 30 ? [...fixed, detail] : undefined;
}

export function printPlan(run: InitRun): void {
  // Names and details carry what AWS returned (other notification Ids, queue policies' Sids, tags): escaped.
  const rows = run.resources.map((r) => [printable(r.kind), printable(r.name), COLOUR[r.action](r.action), printable(r.detail)]);
  printLine(table(['kind', 'name', 'action', 'detail'], rows, ['left', 'left', 'left', 'left'], fitToTerminal(run.resources)));
  const changes = run.resources.filter((r) => r.action === 'create' || r.action === 'update').length;
  if (run.blocked.length)
    printLine(paint.red(`${run.blocked.length} blocked: nothing was changed (fix what the detail says, then run again)`));
  else if (run.dryRun) printLine(paint.dim(`dry run: nothing was changed (${changes} resource(s) would change)`));
  else if (!run.applied) printLine(changes ? 'Nothing applied (see the details above).' : 'Everything is in place; nothing changed.');
  else printLine(`Applied ${run.applied} change(s).`);
}

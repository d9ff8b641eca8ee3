/**
 * An error's message as the CLI says it: core errors name options as the library does, and here
 * they get the CLI's flags and commands.
 */
import { NotDeployedError, OptionError, renderWording } from '../core/errors.js';

export function cliMessage(err: unknown): string {
  if (err instanceof OptionError) return renderWording(err.wording, (option) => `--${option}`);
  if (err instanceof NotDeployedError) return `function ${err.functionName} has no ${err.alias} alias to roll back; run streamalert deploy --function ${err.functionKey} first`;
  return err instanceof Error ? err.message : String(err);
}

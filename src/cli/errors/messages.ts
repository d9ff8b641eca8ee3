/**
 * An error's message as the CLI says it: core errors name options as the library does, and here
 * they get the CLI's flags and commands.
 */
import { NotDeployedError, renderWording, StreamAlertError } from '../../core/kernel/errors.js';

export function cliMessage(err: unknown): string {
  if (err instanceof StreamAlertError && err.wording) return renderWording(err.wording, (ref) => `--${ref.option}`);
  if (err instanceof NotDeployedError)
    return `function ${err.functionName} has no ${err.alias} alias to roll back; run streamalert deploy --function ${err.functionKey} first`;
  // A wrapper that ends with its cause's message (the refresh stopped part-way: …) ends with the CLI's text of it.
  if (err instanceof Error && err.cause instanceof StreamAlertError && err.cause.wording && err.message.endsWith(err.cause.message)) {
    return err.message.slice(0, err.message.length - err.cause.message.length) + cliMessage(err.cause);
  }
  return err instanceof Error ? err.message : String(err);
}

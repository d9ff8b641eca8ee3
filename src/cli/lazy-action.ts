/**
 * A command's action, loaded only when the command runs: registering the commands (and so `--help`)
 * loads commander and the option definitions, not the AWS SDK, esbuild or zod.
 */
// Commander passes the arguments, the options and the command; each action module types its own.
type Action = (...args: any[]) => unknown;

export function lazyAction(load: () => Promise<{ action: Action }>): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const { action } = await load();
    await action(...args);
  };
}

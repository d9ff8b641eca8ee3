/**
 * A command's action, loaded only when the command runs: registering the commands (and so `--help`)
 * loads commander and the option definitions, not the AWS SDK, esbuild or zod.
 */
// Commander passes the arguments, the options and the command; each action module types its own.
type Action = (...args: any[]) => unknown;
type Loader = () => Promise<{ action: Action }>;

// One import per loader: a command run again in the same process (tests, the library's
// program) starts without waiting on the module loader again.
const loaded = new WeakMap<Loader, Promise<{ action: Action }>>();

export function lazyAction(load: Loader): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    let module = loaded.get(load);
    if (!module) loaded.set(load, (module = load()));
    const { action } = await module;
    await action(...args);
  };
}

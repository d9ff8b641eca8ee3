/** CLI entry: parse, run, and turn whatever was thrown into an exit code. */
import { CommanderError } from 'commander';
import { endQuietlyWhenOutputCloses } from './closed-output.js';
import { createProgram } from './program.js';

// The SDK's Node 22 notice is for the maintainers (the lock file pins the SDK), not for users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function main(argv = process.argv): Promise<number> {
  try {
    await createProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    // --help and --version end here (commander's exitOverride); only a real error loads the error map.
    if (err instanceof CommanderError && err.exitCode === 0) return 0;
    const { handleError } = await import('./errors/handle-error.js');
    return handleError(err);
  }
}

endQuietlyWhenOutputCloses();
process.exitCode = await main();

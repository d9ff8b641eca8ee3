/** Runs bin/streamalert as a user would, in a child process. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/streamalert', import.meta.url));

/**
 * The developer's own AWS settings stay out of the tests: region, profile and endpoint come from
 * each test's arguments and conf/ (undefined values are left out of a child's environment).
 */
export const HERMETIC_AWS_ENV: NodeJS.ProcessEnv = {
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  // Never ask an instance metadata service for credentials (no such service here to ask).
  AWS_EC2_METADATA_DISABLED: 'true',
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onStderr?: (chunk: string, kill: (signal: NodeJS.Signals) => void) => void } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...HERMETIC_AWS_ENV,
        NO_COLOR: '1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The CLI in this process: the same program and error handling as bin/streamalert's main(), with
 * stdout and stderr captured. Much cheaper than a child process (no TypeScript to load again);
 * for commands that need no separate process (no signals, no environment of their own).
 */
export async function runInProcess(args: string[]): Promise<CliResult> {
  const { createProgram } = await import('../../src/cli/program.js');
  const { handleError } = await import('../../src/cli/errors/handle-error.js');
  const captured = { stdout: '', stderr: '' };
  let code = 0;
  await capture.run(captured, async () => {
    try {
      await createProgram().parseAsync(['node', 'streamalert', ...args]);
    } catch (e) {
      code = handleError(e);
    }
  });
  return { code, ...captured };
}

/**
 * Only writes made within a runInProcess call are captured: the test runner writes its reports to
 * this process's stdout too, at any turn of the event loop, and those must pass through (captured,
 * they were lost, and they made a CLI's stdout look non-empty).
 */
const capture = new AsyncLocalStorage<{ stdout: string; stderr: string }>();
for (const name of ['stdout', 'stderr'] as const) {
  const stream = process[name];
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const into = capture.getStore();
    if (!into) return write(chunk, ...rest);
    into[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    // A write's callback, if any, is called as the stream would.
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (done) queueMicrotask(done);
    return true;
  }) as typeof stream.write;
}

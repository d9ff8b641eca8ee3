/**
 * A moto server (the AWS emulator) for one test file: started on a free loopback port, stopped
 * at the end. When moto is missing the tests fail, saying how to install it; they never skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { MOTO_REQUIREMENT, motoPythonQuick } from '../../scripts/moto-python.js';

/** moto's own server, with its SQS races fixed (see the file's docstring). */
const SERVER = fileURLToPath(new URL('./moto_server.py', import.meta.url));

export interface MotoServer {
  url: string;
  port: number;
  reset(): Promise<void>;
  /** Makes every in-flight SQS message visible again now (instead of sleeping past its timeout). */
  releaseInFlight(): Promise<number>;
  stop(): Promise<void>;
}

/** The test route of moto_server.py behind `url` (moto's, or a proxy's direct door to it). */
export async function releaseInFlight(url: string): Promise<number> {
  const res = await fetch(`${url}/_test/sqs/release-in-flight`, { method: 'POST' });
  if (!res.ok) throw new Error(`release-in-flight: HTTP ${res.status} from ${url}`);
  return ((await res.json()) as { released: number }).released;
}

export const MOTO_INSTALL_HINT = `moto is not installed: run \`npm test\` once (it installs ${MOTO_REQUIREMENT} into .cache/moto-venv) or \`python3 -m pip install '${MOTO_REQUIREMENT}'\`, then run the tests again`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `python`: one with moto (default: $PYTHON, else the environment `npm test` made under .cache, else python3). */
export async function startMoto(options: { python?: string } = {}): Promise<MotoServer> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const python = options.python ?? motoPythonQuick();
  const port = await freePort();
  const child: ChildProcess = spawn(python, [SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_CALL_RESET_API: 'true' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.on('error', () => {});
  const url = `http://127.0.0.1:${port}`;
  // Generous: a failure to start, not a timing assertion (a busy machine starts Python slowly).
  const deadline = Date.now() + 120_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 100))]);
    if (early !== 'running') {
      const missing = /No module named moto|ENOENT|not found/i.test(stderr) || early === 127 || early === null;
      throw new Error(missing ? `${MOTO_INSTALL_HINT}\n${stderr.trim()}` : `moto server exited with code ${early}:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto server did not answer on ${url} within 120s:\n${stderr}`);
    }
  }
  return {
    url,
    port,
    releaseInFlight: () => releaseInFlight(url),
    reset: async () => {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

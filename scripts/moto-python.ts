/**
 * A Python with moto for `npm start` and `npm test` on a fresh machine. Python 3 is the one
 * prerequisite: when `python3` (or $PYTHON) cannot import moto, a virtual environment is made under
 * .cache/moto-venv and a pinned moto[server] installed into it, once. pip's own settings apply
 * (PIP_INDEX_URL for a mirror, PIP_FIND_LINKS for local wheels). Where the package index cannot be
 * reached, the error says exactly what to install.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The moto the tests were written against (DESIGN.md: moto 5.2.1). */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.1';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface MotoPythonOptions {
  /** The Python 3 to use or to build the environment from (default $PYTHON, else python3). */
  python?: string;
  /** Where the environment goes (default $STREAMALERT_CACHE_DIR, else .cache in the repository). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: stderr). */
  say?: (line: string) => void;
}

export class MotoInstallError extends Error {
  override readonly name = 'MotoInstallError';
}

export function venvPython(cacheDir: string): string {
  return process.platform === 'win32' ? join(cacheDir, 'moto-venv', 'Scripts', 'python.exe') : join(cacheDir, 'moto-venv', 'bin', 'python');
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.STREAMALERT_CACHE_DIR || join(ROOT, '.cache');
}

/** True when `python` can import what the tests' moto server needs. */
export function hasMoto(python: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(python, ['-c', 'import moto.server, moto.sqs.models'], { env, stdio: 'ignore' }).status === 0;
}

/**
 * The Python for starting moto without a check (test/support/moto.ts calls this for every test file):
 * $PYTHON, else the environment made under .cache when there is one, else python3.
 */
export function motoPythonQuick(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PYTHON) return env.PYTHON;
  const venv = venvPython(defaultCacheDir(env));
  return existsSync(venv) ? venv : 'python3';
}

/** A Python that has moto: the given one, the environment under .cache, or a new environment. */
export async function ensureMotoPython(o: MotoPythonOptions = {}): Promise<string> {
  const env = o.env ?? process.env;
  const python = o.python ?? env.PYTHON ?? 'python3';
  const say = o.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const version = spawnSync(python, ['--version'], { env, encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    throw new MotoInstallError(
      `${python} was not found: Python 3 is needed to run moto, the local AWS emulator. Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv), then run again.`,
    );
  }
  if (hasMoto(python, env)) return python;
  const cacheDir = o.cacheDir ?? defaultCacheDir(env);
  const venv = venvPython(cacheDir);
  if (existsSync(venv) && hasMoto(venv, env)) return venv;
  const rel = relative(process.cwd(), join(cacheDir, 'moto-venv'));
  const where = rel && !rel.startsWith('..') ? rel : join(cacheDir, 'moto-venv');
  const manual = `${python} -m pip install '${MOTO_REQUIREMENT}'`;
  say(`${python} has no moto: installing ${MOTO_REQUIREMENT} into ${where} (once; about a minute)`);
  rmSync(join(cacheDir, 'moto-venv'), { recursive: true, force: true });
  const made = spawnSync(python, ['-m', 'venv', join(cacheDir, 'moto-venv')], { env, encoding: 'utf8' });
  if (made.status !== 0) {
    throw new MotoInstallError(
      `could not make a virtual environment in ${where} (${lastLine(made.stderr || made.stdout || String(made.error))}). ` +
        `Install Python's venv module (Debian/Ubuntu: apt-get install python3-venv), or install moto yourself: ${manual}`,
    );
  }
  const pip = await runPip(
    venv,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', MOTO_REQUIREMENT],
    env,
    say,
  );
  if (pip.code !== 0) {
    rmSync(join(cacheDir, 'moto-venv'), { recursive: true, force: true });
    const unreachable =
      /Could not find a version|No matching distribution|Failed to establish|Max retries|Name or service not known|Temporary failure in name resolution|Network is unreachable|Connection refused|ConnectionError|Could not fetch URL|timed out/i.test(
        pip.output,
      );
    const index = env.PIP_INDEX_URL ? `the package index ${env.PIP_INDEX_URL}` : 'the Python package index (PyPI)';
    throw new MotoInstallError(
      unreachable
        ? `could not install ${MOTO_REQUIREMENT} into ${where}: ${index} could not be reached or does not have it (${pip.last}). ` +
            `Install it on this machine yourself: ${manual} (from a mirror: PIP_INDEX_URL=https://mirror.example/simple ${manual}, or from wheels in a folder: ${python} -m pip install --no-index --find-links DIR '${MOTO_REQUIREMENT}'), then run again.`
        : `pip could not install ${MOTO_REQUIREMENT} into ${where}: ${pip.last}. Install it yourself: ${manual}, then run again.`,
    );
  }
  if (!hasMoto(venv, env))
    throw new MotoInstallError(
      `${MOTO_REQUIREMENT} was installed into ${where} but moto.server does not import. Install it yourself: ${manual}`,
    );
  say(`moto is ready in ${where}`);
  return venv;
}

/** Runs pip, showing one progress line (rewritten in place on a terminal) per step it reports. */
function runPip(
  python: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
): Promise<{ code: number | null; output: string; last: string }> {
  return new Promise((resolve) => {
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tty = process.stderr.isTTY && !env.CI;
    const onData = (d: Buffer) => {
      output += d.toString();
      for (const line of d.toString().split('\n')) {
        const step = /^(Collecting|Downloading|Processing|Installing collected packages|Successfully installed)\b.*/.exec(line.trim());
        if (!step) continue;
        const text = `  pip: ${step[0].slice(0, 100)}`;
        if (tty) process.stderr.write(`\r\x1b[K${text}`);
        else say(text);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => (output += String(err)));
    child.on('close', (code) => {
      if (tty) process.stderr.write('\r\x1b[K');
      resolve({
        code,
        output,
        last: lastLine(
          output
            .split('\n')
            .filter((l) => /ERROR|error/.test(l))
            .join('\n') || output,
        ),
      });
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop()?.trim() ?? '';
}

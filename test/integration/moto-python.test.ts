/**
 * `npm test` / `npm start` on a machine whose Python has no moto: scripts/ensure-moto.ts makes a
 * virtual environment under the cache folder and installs the pinned moto[server] into it, with
 * progress lines; where the index cannot be reached it says exactly what to install. Hermetic: the
 * Python "without moto" is python3 -S (no site-packages), and the "index" is a folder holding a
 * stub moto wheel built here; pip's machine-wide configuration is switched off.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { MOTO_REQUIREMENT } from '../../scripts/moto-python.js';
import { freePort } from '../support/moto.js';

const ENSURE = fileURLToPath(new URL('../../scripts/ensure-moto.ts', import.meta.url));

/** A wheel named moto 5.2.1 whose moto.server and moto.sqs.models import (and do nothing). */
function stubWheel(dir: string): void {
  const files: Record<string, string> = {
    'moto/__init__.py': '__version__ = "5.2.1"\n',
    'moto/server.py': 'def main(argv=None):\n    return 0\n',
    'moto/sqs/__init__.py': '',
    'moto/sqs/models.py': '',
    'moto-5.2.1.dist-info/METADATA': 'Metadata-Version: 2.1\nName: moto\nVersion: 5.2.1\nProvides-Extra: server\n',
    'moto-5.2.1.dist-info/WHEEL': 'Wheel-Version: 1.0\nGenerator: streamalert-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(files).map(([path, text]) => {
    const hash = createHash('sha256').update(text).digest('base64url');
    return `${path},sha256=${hash},${Buffer.byteLength(text)}`;
  });
  files['moto-5.2.1.dist-info/RECORD'] = `${record.join('\n')}\nmoto-5.2.1.dist-info/RECORD,,\n`;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)])));
  writeFileSync(join(dir, 'moto-5.2.1-py3-none-any.whl'), zip);
}

/** python3 with no site-packages: the system's moto is out of its reach. */
function pythonWithoutMoto(dir: string): string {
  const file = join(dir, 'python3-nomoto');
  writeFileSync(file, '#!/bin/sh\nexec python3 -S "$@"\n');
  chmodSync(file, 0o755);
  return file;
}

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENSURE], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The environment with pip's machine-wide settings off and the given ones on. */
function pipEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  for (const k of [
    'PIP_INDEX_URL',
    'PIP_EXTRA_INDEX_URL',
    'PIP_FIND_LINKS',
    'PIP_NO_INDEX',
    'PIP_CONSTRAINT',
    'PYTHON',
    'STREAMALERT_CACHE_DIR',
  ])
    delete env[k];
  return { ...env, ...extra };
}

describe('a Python without moto (npm test, npm start on a fresh machine)', () => {
  it('gets a virtual environment under the cache folder with the pinned moto, once, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamalert-moto-'));
    const wheels = join(dir, 'wheels');
    mkdirSync(wheels);
    stubWheel(wheels);
    const cache = join(dir, 'cache');
    const python = pythonWithoutMoto(dir);
    const env = pipEnv({ PYTHON: python, STREAMALERT_CACHE_DIR: cache, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheels });

    const first = await run(env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, new RegExp(`${python} has no moto: installing moto\\[server\\]==5\\.2\\.1 into .*moto-venv`));
    assert.match(first.stderr, /^ {2}pip: (Processing|Collecting|Installing collected packages).*moto/m, 'a progress line from pip');
    assert.match(first.stderr, /^ {2}pip: Successfully installed moto-5\.2\.1$/m);
    const venvPython = join(cache, 'moto-venv', 'bin', 'python');
    assert.ok(existsSync(venvPython));
    assert.match(first.stderr, new RegExp(`moto 5\\.2\\.1 \\(${venvPython}\\)`));

    const second = await run(env);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /installing/, 'the environment is made once');
    assert.match(second.stderr, new RegExp(`moto 5\\.2\\.1 \\(${venvPython}\\)`));
  });

  it('says exactly what to install when the package index cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamalert-moto-'));
    const empty = join(dir, 'no-wheels');
    mkdirSync(empty);
    const python = pythonWithoutMoto(dir);
    // A loopback port nothing listens on: pip is refused at once.
    const index = `http://127.0.0.1:${await freePort()}/simple`;
    const env = pipEnv({
      PYTHON: python,
      STREAMALERT_CACHE_DIR: join(dir, 'cache'),
      PIP_INDEX_URL: index,
      PIP_FIND_LINKS: empty,
      PIP_RETRIES: '0',
      PIP_TIMEOUT: '5',
    });
    const out = await run(env);
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stderr, new RegExp(`the package index ${index.replace(/[.]/g, '\\.')} could not be reached or does not have it`));
    assert.ok(out.stderr.includes(`Install it on this machine yourself: ${python} -m pip install '${MOTO_REQUIREMENT}'`), out.stderr);
    assert.ok(!existsSync(join(dir, 'cache', 'moto-venv')), 'no half-made environment is left behind');
  });

  it('uses a Python that has moto as it is, without asking any index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamalert-moto-'));
    const index = `http://127.0.0.1:${await freePort()}/simple`;
    const out = await run(pipEnv({ PYTHON: 'python3', STREAMALERT_CACHE_DIR: join(dir, 'cache'), PIP_INDEX_URL: index }));
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stderr, /^moto 5\.2\.1 \(python3\)$/m);
    assert.doesNotMatch(out.stderr, /installing/);
    assert.ok(!existsSync(join(dir, 'cache')), 'no environment was made');
  });
});

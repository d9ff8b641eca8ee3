/** The athena Lambda zip the bench runs (the one deploy ships), and how long its handler takes to load. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { loadConfig } from '../src/core/config/load.js';

/** Imports the handler in a fresh process and prints how long that took. */
const LOAD_CHILD = fileURLToPath(new URL('./load-child.mjs', import.meta.url));

/** The zip from src/packaging, unpacked into a folder. */
export async function buildArtifact(configDir: string): Promise<{ dir: string; zipBytes: number; bundleBytes: number; source: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-bench-zip-'));
  const config = loadConfig(configDir);
  const { functionSpec } = await import('../src/core/deploy/functions.js');
  const { packageFunction } = await import('../src/packaging/package.js');
  const pkg = await packageFunction(functionSpec(config, 'athena'), config);
  const files = unzipSync(pkg.zip);
  let bundleBytes = 0;
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
    if (path === 'index.mjs') bundleBytes = data.length;
  }
  return { dir, zipBytes: pkg.size, bundleBytes, source: 'src/packaging packageFunction(functionSpec(config, "athena"))' };
}

/** Median of several fresh `node` processes importing the handler (index.mjs in `dir`). */
export async function handlerLoad(dir: string, times = 7): Promise<{ median_ms: number; samples: number[]; process_median_ms: number }> {
  const samples: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < times; i++) {
    const spawned = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [LOAD_CHILD, join(dir, 'index.mjs')], {
        env: { ...process.env, STREAMALERT_CONFIG_DIR: join(dir, 'conf') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`handler load exited ${code}`))));
    });
    wall.push(Date.now() - spawned);
    samples.push(Math.round(Number(out) * 10) / 10);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { median_ms: median(samples), samples, process_median_ms: median(wall) };
}

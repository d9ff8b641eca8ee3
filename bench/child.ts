/**
 * The refresh process: the Lambda zip's handler, invoked as a scheduled event in a fresh `node`
 * child (bench/refresh-child.mjs, no tsx), optionally under a CPU quota (bench/cpu-quota.ts). It
 * reports its wall time, CPU time (module load and handler apart) and peak RSS on stdout.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCpuGroup, type CpuQuota, type ThrottleStats } from './cpu-quota.js';

export interface ChildReport {
  wall_ms: number;
  load_ms: number;
  maxRSS_kb: number;
  /** Whole process, user + system, module load included. */
  cpu_ms: number;
  cpu_user_ms: number;
  cpu_system_ms: number;
  /** CPU spent before the handler was called (node start, module load). */
  load_cpu_ms: number;
  summary?: { messages: { received: number; deleted: number; kept: number; deleteFailed: number }; stoppedBy: string };
  statements?: number;
  /** An SQS-trigger event's answer: how many records it handed back. */
  batchItemFailures?: number;
  error?: string;
  /** Set by the parent: spawn to exit. */
  process_ms?: number;
  /** Set by the parent for a run under a CPU quota. */
  quota?: CpuQuota & { cgroup: 'v1' | 'v2'; throttle: ThrottleStats };
}

/** The child program: a plain .mjs file so a bare `node` runs it, as Lambda's runtime would the handler. */
const CHILD_SCRIPT = fileURLToPath(new URL('./refresh-child.mjs', import.meta.url));

export interface ChildRun {
  bundle: string;
  env: Record<string, string>;
  nodeFlags: string[];
  /** The Lambda context's remaining time at the call (default 15 minutes, the Lambda maximum). */
  remainingMs?: number;
  /** A JSON event to invoke the handler with (default: a scheduled event). */
  eventFile?: string;
  quota?: CpuQuota;
}

/** Children running now: stopped (and their groups removed) if the bench is interrupted. */
const live = new Set<{ kill: () => void }>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const running of live) running.kill();
    setTimeout(() => process.exit(130), 500).unref();
  });
}

export async function runChild(run: ChildRun): Promise<ChildReport> {
  const args = [...run.nodeFlags, CHILD_SCRIPT, run.bundle, String(run.remainingMs ?? 900_000), ...(run.eventFile ? [run.eventFile] : [])];
  if (!run.quota) return spawnChild(process.execPath, args, run.env);
  const group = createCpuGroup(run.quota);
  try {
    // The shell moves itself into the group and execs node: node is the group's only process,
    // throttled from its start.
    const report = await spawnChild('/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', group.procsFile, process.execPath, ...args], run.env);
    const throttle = group.stats();
    if (throttle.periods === 0) throw new Error(`the refresh child never ran inside ${group.dir}: no CFS period was accounted`);
    return { ...report, quota: { ...group.quota, cgroup: group.version, throttle } };
  } finally {
    group.remove();
  }
}

function spawnChild(command: string, args: string[], env: Record<string, string>): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const handle = { kill: () => child.kill('SIGTERM') };
    live.add(handle);
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderrTail = (stderrTail + data.toString()).slice(-4000)));
    child.on('error', (err) => {
      live.delete(handle);
      reject(err);
    });
    child.on('exit', (code) => {
      live.delete(handle);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('@@REPORT '));
      if (!line) return reject(new Error(`refresh child exited ${code} without a report:\n${stderrTail}\n${stdout.slice(-2000)}`));
      resolve({ ...(JSON.parse(line.slice('@@REPORT '.length)) as ChildReport), process_ms: Date.now() - started });
    });
  });
}

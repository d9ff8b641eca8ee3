/**
 * Lambda's CPU model for the refresh child: a function gets CPU in proportion to its memory, one
 * vCPU's worth at 1,769 MB, so 128 MB gets 128/1,769 ≈ 7.2 % of a core. The bench gives the child
 * the same share with a Linux cgroup and the CFS bandwidth controller: a quota of
 * memory/1,769 × period µs of CPU per period (100 ms).
 *
 * cgroup v1 (a `cgroup` mount with the `cpu` controller: cpu.cfs_quota_us / cpu.cfs_period_us) or
 * v2 (the `cgroup2` mount with `cpu` in cgroup.controllers: cpu.max). The group is created under
 * this process's own cgroup, holds only the child (the child's shell puts itself in the group,
 * then execs node, so node runs throttled from its first instruction), and is removed afterwards.
 * When neither is usable the bench stops with the reasons: never a silent unthrottled run.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** MB of memory that buy one vCPU's worth of CPU in Lambda. */
export const MB_PER_VCPU = 1_769;
export const PERIOD_US = 100_000;
const PREFIX = 'streamalert-bench-';

export interface CpuQuota {
  memoryMb: number;
  quotaUs: number;
  periodUs: number;
  /** Cores' worth of CPU: quota / period. */
  cores: number;
}

export function lambdaQuota(memoryMb: number): CpuQuota {
  const quotaUs = Math.max(1_000, Math.round((PERIOD_US * memoryMb) / MB_PER_VCPU));
  return { memoryMb, quotaUs, periodUs: PERIOD_US, cores: quotaUs / PERIOD_US };
}

export interface ThrottleStats {
  /** CFS periods in which the group ran, and in how many it used up its quota. */
  periods: number;
  throttled: number;
  throttledMs: number;
}

export interface CpuGroup {
  version: 'v1' | 'v2';
  dir: string;
  /** Write a pid here to move that process into the group. */
  procsFile: string;
  quota: CpuQuota;
  stats(): ThrottleStats;
  remove(): void;
}

interface Mount {
  root: string;
  point: string;
  fstype: string;
  superOptions: string[];
}

function mounts(): Mount[] {
  // mountinfo: id parent dev root mountpoint options [optional...] - fstype source superoptions
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [left, right = ''] = line.split(' - ');
      const fields = left!.split(' ');
      const [fstype = '', , superOptions = ''] = right.split(' ');
      return { root: fields[3]!, point: fields[4]!, fstype, superOptions: superOptions.split(',') };
    });
}

/** This process's cgroup path in the hierarchy whose controller list matches. */
function ownPath(match: (controllers: string[]) => boolean): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const parsed = /^\d+:([^:]*):(.*)$/.exec(line);
    if (parsed && match(parsed[1]!.split(','))) return parsed[2]!;
  }
  return undefined;
}

function under(mount: Mount, path: string): string {
  const rel = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
  return join(mount.point, rel);
}

const read = (file: string) => readFileSync(file, 'utf8').trim();

function statsOf(file: string, throttledKey: 'throttled_time' | 'throttled_usec'): ThrottleStats {
  const stat = Object.fromEntries(
    read(file)
      .split('\n')
      .map((line) => line.split(' ') as [string, string]),
  );
  // v1 counts throttled time in ns, v2 in µs.
  const throttled = Number(stat[throttledKey] ?? 0);
  return {
    periods: Number(stat.nr_periods ?? 0),
    throttled: Number(stat.nr_throttled ?? 0),
    throttledMs: Math.round(throttledKey === 'throttled_time' ? throttled / 1e6 : throttled / 1e3),
  };
}

/** rmdir, retried briefly: the kernel may hold an exited task's group a moment longer. */
function removeDir(dir: string): void {
  for (let i = 0; ; i++) {
    try {
      return rmdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || i >= 50) throw new Error(`could not remove the bench's cgroup ${dir}: ${(err as Error).message}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Groups this bench left behind when it was killed (their pid is gone); empty ones are removed. */
function removeStale(parent: string): void {
  for (const name of readdirSync(parent)) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (!name.startsWith(PREFIX) || !pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      try {
        rmdirSync(join(parent, name));
      } catch {
        // not empty or not ours to remove: leave it
      }
    }
  }
}

let sequence = 0;

function v1(quota: CpuQuota): CpuGroup | string {
  const mount = mounts().find((m) => m.fstype === 'cgroup' && m.superOptions.includes('cpu'));
  if (!mount) return 'cgroup v1: no `cgroup` mount with the cpu controller in /proc/self/mountinfo';
  const parent = under(mount, ownPath((c) => c.includes('cpu')) ?? '/');
  if (!existsSync(join(parent, 'cpu.cfs_quota_us')))
    return `cgroup v1: ${parent} has no cpu.cfs_quota_us (kernel without CFS bandwidth control)`;
  const dir = join(parent, `${PREFIX}${process.pid}-${++sequence}`);
  try {
    removeStale(parent);
    mkdirSync(dir);
  } catch (err) {
    return `cgroup v1: cannot create ${dir}: ${(err as Error).message} (run the bench as root)`;
  }
  try {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(quota.periodUs));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota.quotaUs));
    const got = `${read(join(dir, 'cpu.cfs_quota_us'))}/${read(join(dir, 'cpu.cfs_period_us'))}`;
    if (got !== `${quota.quotaUs}/${quota.periodUs}`) throw new Error(`the quota reads back as ${got}`);
  } catch (err) {
    removeDir(dir);
    return `cgroup v1: cannot set the quota in ${dir}: ${(err as Error).message}`;
  }
  return {
    version: 'v1',
    dir,
    procsFile: join(dir, 'cgroup.procs'),
    quota,
    stats: () => statsOf(join(dir, 'cpu.stat'), 'throttled_time'),
    remove: () => removeDir(dir),
  };
}

function v2(quota: CpuQuota): CpuGroup | string {
  const mount = mounts().find((m) => m.fstype === 'cgroup2');
  if (!mount) return 'cgroup v2: no cgroup2 mount';
  const parent = under(mount, ownPath((c) => c.length === 1 && c[0] === '') ?? '/');
  const controllers = existsSync(join(parent, 'cgroup.controllers')) ? read(join(parent, 'cgroup.controllers')).split(' ') : [];
  if (!controllers.includes('cpu'))
    return `cgroup v2: the cpu controller is not available in ${parent} (cgroup.controllers: ${controllers.join(' ') || 'none'})`;
  const dir = join(parent, `${PREFIX}${process.pid}-${++sequence}`);
  try {
    if (!read(join(parent, 'cgroup.subtree_control')).split(' ').includes('cpu'))
      writeFileSync(join(parent, 'cgroup.subtree_control'), '+cpu');
    removeStale(parent);
    mkdirSync(dir);
  } catch (err) {
    return `cgroup v2: cannot create a group with the cpu controller under ${parent}: ${(err as Error).message} (run as root; a non-root cgroup that holds processes cannot delegate controllers)`;
  }
  try {
    writeFileSync(join(dir, 'cpu.max'), `${quota.quotaUs} ${quota.periodUs}`);
    const got = read(join(dir, 'cpu.max'));
    if (got !== `${quota.quotaUs} ${quota.periodUs}`) throw new Error(`cpu.max reads back as ${got}`);
  } catch (err) {
    removeDir(dir);
    return `cgroup v2: cannot set cpu.max in ${dir}: ${(err as Error).message}`;
  }
  return {
    version: 'v2',
    dir,
    procsFile: join(dir, 'cgroup.procs'),
    quota,
    stats: () => statsOf(join(dir, 'cpu.stat'), 'throttled_usec'),
    remove: () => removeDir(dir),
  };
}

/** A new cgroup with the quota set and no process in it yet; throws with every reason when none can be made. */
export function createCpuGroup(quota: CpuQuota): CpuGroup {
  if (process.platform !== 'linux')
    throw new Error(`--lambda-memory needs Linux cgroups (the CPU quota); this is ${process.platform}. Run the bench without it.`);
  const reasons: string[] = [];
  for (const attempt of [v1, v2]) {
    const got = attempt(quota);
    if (typeof got !== 'string') return got;
    reasons.push(got);
  }
  throw new Error(
    `cannot run the refresh under a CPU quota of ${quota.memoryMb} MB (${quota.quotaUs}/${quota.periodUs} µs):\n  ${reasons.join('\n  ')}\nRun the bench as root on Linux with the cpu cgroup controller, or without --lambda-memory.`,
  );
}

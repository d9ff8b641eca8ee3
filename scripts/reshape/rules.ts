/**
 * Where each file of src/ and test/unit/ goes in issue 23's tree. Rules, not a file list, so that a
 * file added later on another branch lands by its folder or name: a pure function of the path (and
 * of which commands exist), first match wins. A file no rule places stays where it is and is printed.
 *
 * Every destination is a fixpoint (placing it again keeps it): the script checks that, which is what
 * makes a second run change nothing.
 */

export type Placement = { to: string; why: string } | { keep: true } | { unplaced: string };

/** Files renamed as they move (src-relative). */
const RENAMED: Record<string, string> = {
  'library-options.ts': 'api/options.ts',
  'core/partitions.ts': 'core/partitions/partition.ts',
  'core/registration.ts': 'core/partitions/registrar.ts',
  'core/cron.ts': 'core/schedule/cron.ts',
  'core/cron-next.ts': 'core/schedule/next.ts',
  'core/schedule.ts': 'core/schedule/schedule.ts',
  'core/iam-policy.ts': 'core/iam/policy.ts',
  'core/iam-policy-tools.ts': 'core/iam/recovery-policies.ts',
  'core/init/iam-policy.ts': 'core/iam/init-policy.ts',
  'core/runtimes.ts': 'core/deploy/runtimes.ts',
  'core/deletion.ts': 'core/refresh/deletion.ts',
  'core/redrive.ts': 'core/redrive/redrive.ts',
  'core/dead-letter-owner.ts': 'core/redrive/owner.ts',
  'core/cron-never.ts': 'core/schedule/never.ts',
  'core/iam-policy-deploy.ts': 'core/iam/deploy-policy.ts',
  // Printers and helpers of one command go into its folder.
  'cli/monitor-chart.ts': 'cli/commands/athena-monitor/monitor-chart.ts',
  'cli/schedule-loop.ts': 'cli/commands/athena-refresh/schedule-loop.ts',
};

/** Loose files of a folder, by base name (without .ts) → the folder they go to. */
const GROUPS: Record<string, Record<string, string[]>> = {
  core: {
    // Needs nothing outside itself (test/unit/architecture.test.ts holds it to that).
    'core/kernel': ['errors', 'clock', 'timers', 'deadline', 'poll', 'logger', 'log-levels', 'quote', 'format'],
    // From an S3 object to a registered partition: what the refresh and the backfill share.
    'core/partitions': ['buckets', 'notifications', 'event-names', 'statements', 'queries', 'locations', 'ports', 'identifiers', 'layout'],
    // Living on a shared account (issue 18): which account, which resources are ours.
    'core/account': ['account', 'ownership'],
  },
  aws: {
    'aws/sdk': [
      'client-factory',
      'clients',
      'middleware',
      'credentials',
      'shared-config',
      'endpoint-check',
      'errors',
      'queue-lookup',
      'aws-config',
    ],
    'aws/sqs-direct': ['sqs-json', 'http1', 'http1-parse', 'sigv4'],
    'aws/refresh': ['queue', 'athena', 'glue'],
    'aws/backfill': ['glue-partitions', 's3-folders'],
    'aws/redrive': ['dead-letter'],
    'aws/monitor': ['metrics', 'function-metrics'],
    'aws/deploy': ['event-sources', 'functions', 'log-groups', 'roles', 'schedule-rule', 'iam-retry', 'alarms'],
    'aws/init': ['provision', 'kms-keys'],
    'aws/account': ['account'],
  },
  cli: {
    'cli/errors': ['handle-error', 'exit-codes', 'messages', 'outcomes'],
  },
};

/** What stays at cli/'s root: the program and what every command shares. */
const CLI_ROOT = [
  'main',
  'program',
  'context',
  'output',
  'lazy-action',
  'global-options',
  'examples',
  'interrupt',
  'closed-output',
  'json-document',
];

function groupOf(area: string, base: string): string | undefined {
  for (const [dir, names] of Object.entries(GROUPS[area] ?? {})) if (names.includes(base)) return dir;
  return undefined;
}

/** The command an action helper belongs to: the longest command name its name starts with. */
function commandPrefix(base: string, commands: readonly string[]): string | undefined {
  return [...commands].sort((a, b) => b.length - a.length).find((c) => base.startsWith(`${c}-`));
}

/** Where a file of src/ goes (`rel` is relative to src/). `commands` are the CLI's command names. */
export function placeSrc(rel: string, commands: readonly string[]): Placement {
  if (RENAMED[rel]) return { to: RENAMED[rel]!, why: 'renamed' };
  const parts = rel.split('/');
  const file = parts[parts.length - 1]!;
  const base = file.replace(/\.ts$/, '');
  if (!file.endsWith('.ts')) return { keep: true };
  if (parts.length === 1) {
    // The library's one-call functions: everything at src/'s root but index.ts.
    return rel === 'index.ts' ? { keep: true } : { to: `api/${file}`, why: 'a one-call function at src/ root' };
  }
  const [area, second] = parts;
  if (area === 'core') {
    if (parts.length === 2) {
      const dir = groupOf('core', base);
      return dir ? { to: `${dir}/${file}`, why: `named in ${dir}` } : { unplaced: 'a loose core file no rule names' };
    }
    // core/layout/* (issue 20's layouts) is the partitions' concept; other folders are concepts already.
    if (second === 'layout') return { to: `core/partitions/${parts.slice(1).join('/')}`, why: 'layouts are part of partitions' };
    return { keep: true };
  }
  if (area === 'aws') {
    if (parts.length > 2) return { keep: true };
    const dir = groupOf('aws', base);
    if (dir) return { to: `${dir}/${file}`, why: `named in ${dir}` };
    // <area>-ports.ts wires an area's adapters; provision-*.ts are init's.
    const ports = /^(.+)-ports$/.exec(base);
    if (ports) return { to: `aws/${ports[1]}/${file}`, why: "an area's ports" };
    if (base.startsWith('provision-')) return { to: `aws/init/${file}`, why: "init's provisioning" };
    return { unplaced: 'a loose aws file no rule names' };
  }
  if (area === 'cli') {
    if (parts.length === 2) {
      if (CLI_ROOT.includes(base)) return { keep: true };
      const dir = groupOf('cli', base);
      return dir
        ? { to: `${dir}/${file}`, why: `named in ${dir}` }
        : { unplaced: "a loose cli file: the shell (add it to CLI_ROOT) or one command's (add it to RENAMED)?" };
    }
    if (second === 'commands' && parts.length === 3) return { to: `cli/commands/${base}/command.ts`, why: "a command's definition" };
    if (second === 'actions' && parts.length === 3) {
      if (commands.includes(base)) return { to: `cli/commands/${base}/action.ts`, why: "a command's action" };
      const owner = commandPrefix(base, commands);
      if (owner) return { to: `cli/commands/${owner}/${file}`, why: `a helper of ${owner}'s action` };
      return { to: `cli/commands/${base}/action.ts`, why: 'an action with no command file of that name (registered elsewhere?)' };
    }
    return { keep: true };
  }
  // lambda/, packaging/, api/ and anything else below a folder stay.
  return { keep: true };
}

/** The folders issue 23's tree has below src/core and src/aws; another one is kept as it is, and named in the report. */
export const KNOWN_FOLDERS = [
  ...['kernel', 'partitions', 'refresh', 'backfill', 'redrive', 'schedule', 'iam', 'deploy', 'init', 'monitor', 'config', 'account'].map(
    (d) => `core/${d}`,
  ),
  ...['sdk', 'sqs-direct', 'refresh', 'backfill', 'redrive', 'monitor', 'deploy', 'init', 'account'].map((d) => `aws/${d}`),
];

/** The CLI's command names: today's cli/commands/<name>.ts and the reshaped cli/commands/<name>/. */
export function commandNames(srcFiles: readonly string[]): string[] {
  const names = new Set<string>();
  for (const f of srcFiles) {
    const m = /^cli\/commands\/([^/]+?)(?:\.ts|\/command\.ts)$/.exec(f);
    if (m) names.add(m[1]!);
  }
  return [...names];
}

/** Unit tests that stay at test/unit/'s root: they are about the whole tree or the public surface. */
const TEST_ROOT = ['architecture', 'library'];
/** Unit tests no import tells the place of. */
const TEST_RENAMED: Record<string, string> = {
  'cli-startup': 'cli/startup',
  'option-errors': 'cli/errors/option-errors',
};
/** Folders too shared to say what a test is about. */
const GENERIC = new Set(['core/kernel', 'cli/errors', 'core/config']);

/**
 * Where a unit test goes (test/unit/<returned>.test.ts), from its name and the src files it imports
 * (their new src-relative paths): mirroring src/, so a module's test is found beside its path.
 *  1. it imports a src file of its own name: that file's folder, and its new name;
 *  2. its name starts with the last segment of a folder it imports (monitor-rules → core/monitor/rules);
 *  3. the folder it imports most, the shared folders (kernel, cli/errors, config) counting last.
 */
export function placeTest(name: string, imports: { old: string; now: string }[]): Placement {
  if (TEST_ROOT.includes(name)) return { keep: true };
  if (TEST_RENAMED[name]) return { to: TEST_RENAMED[name]!, why: 'named' };
  const dirOf = (p: string) => p.split('/').slice(0, -1).join('/');
  const baseOf = (p: string) => p.split('/').pop()!.replace(/\.ts$/, '');
  const own = imports.find((i) => baseOf(i.old) === name);
  if (own && dirOf(own.now)) return { to: `${dirOf(own.now)}/${baseOf(own.now)}`, why: `tests ${own.now}` };
  const dirs = imports.map((i) => dirOf(i.now)).filter((d) => d);
  for (const d of dirs) {
    const last = d.split('/').pop()!;
    if (name === last) return { to: `${d}/${name}`, why: `named after ${d}` };
    if (name.startsWith(`${last}-`)) return { to: `${d}/${name.slice(last.length + 1)}`, why: `named after ${d}` };
  }
  for (const d of dirs) {
    const first = d.split('/')[0]!;
    if (name.startsWith(`${first}-`)) return { to: `${d}/${name.slice(first.length + 1)}`, why: `named after ${first}/` };
  }
  const count = new Map<string, number>();
  for (const d of dirs) count.set(d, (count.get(d) ?? 0) + (GENERIC.has(d) ? 0.01 : 1));
  const best = [...count.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return { to: `${best[0]}/${name}`, why: `imports ${best[0]} most` };
  return { unplaced: 'imports no src file: add it to TEST_ROOT or TEST_RENAMED' };
}

/** The package's public surface, imported by name as a user would. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import * as streamalert from 'streamalert';
import type {
  AwsClients,
  AwsCredentials,
  AwsRequestRecord,
  BackfillProgress,
  ClientFactory,
  Clock,
  Config,
  Logger,
  RefreshProgress,
  SharedConfig,
} from 'streamalert';

/** true when A and B are the same type, false otherwise (a type-level check). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Every value the package exports (types leave no trace at run time). */
const SURFACE = [
  'refresh',
  'runRefresh',
  'monitor',
  'analyzeQueueMetrics',
  'planWindow',
  'deploy',
  'rollback',
  'loadConfig',
  'configFromObjects',
  'init',
  'backfill',
  'redrive',
  'InitBlockedError',
  'PartialFailureError',
  'StreamAlertError',
  'ConfigError',
  'UsageError',
  'AwsError',
  'CredentialsError',
  'DatabaseNotFoundError',
  'QueueNotFoundError',
  'NothingToRollBackError',
  'AthenaQueryError',
  'RefreshAbortedError',
];

/**
 * Every type the package exports: the results, the configuration, the ports, and each options type
 * with every type it names (the last five joined in issue 23: LibraryOptions.clients, RefreshOptions.clients,
 * ClientOptions.sharedConfig and onRequest, BackfillCallOptions.onProgress were not nameable before).
 */
const TYPES = [
  'AthenaPort',
  'AthenaSection',
  'AthenaSettings',
  'AwsClients',
  'AwsCredentials',
  'AwsRequestRecord',
  'BackfillCallOptions',
  'BackfillProgress',
  'BackfillResult',
  'CallOptions',
  'CallRecord',
  'CatalogPort',
  'ClientFactory',
  'ClientOptions',
  'Clock',
  'Config',
  'DeleteEntry',
  'DeleteFailure',
  'DeployAction',
  'DeployOptions',
  'DeployReport',
  'Finding',
  'FunctionDeployResult',
  'FunctionKey',
  'FunctionSection',
  'GluePort',
  'InitCallOptions',
  'InitReport',
  'InitRun',
  'KeptMessage',
  'LibraryOptions',
  'LoadConfigOptions',
  'LogFields',
  'LogLevel',
  'Logger',
  'MetricPoint',
  'MonitorInput',
  'MonitorOptions',
  'MonitorReport',
  'MonitorSettings',
  'MonitorStatus',
  'MonitorTotals',
  'MonitorWindow',
  'Partition',
  'PartitionFailure',
  'PeriodRow',
  'PlannedResource',
  'QueryState',
  'QueryStateName',
  'QueueMessage',
  'QueueMetrics',
  'QueuePort',
  'QueueState',
  'RedriveCallOptions',
  'RedriveResult',
  'RefreshOptions',
  'RefreshPorts',
  'RefreshProgress',
  'RefreshResult',
  'RefreshSettings',
  'RefreshStrategy',
  'RegisteredPartitions',
  'RollbackOptions',
  'RollbackReport',
  'RollbackResult',
  'RunOptions',
  'ScheduleResult',
  'SharedConfig',
  'SkippedFunction',
  'StopReason',
  'TableBackfill',
  'Trigger',
];

it('exports what a user calls, and nothing else (every export is a promise)', () => {
  assert.deepEqual(Object.keys(streamalert).sort(), [...SURFACE].sort());
  for (const name of SURFACE) assert.equal(typeof (streamalert as Record<string, unknown>)[name], 'function', name);
  const config = streamalert.loadConfig('conf');
  assert.equal(config.athena.queue_name, 'acme_streamalert_athena_s3_notifications');
});

it('its declarations export these types and no others (dist/index.d.ts, npm run build)', () => {
  const text = readFileSync('dist/index.d.ts', 'utf8');
  const types = new Set<string>();
  for (const m of text.matchAll(/export (type )?\{([^}]*)\}/g))
    for (const item of m[2]!
      .split(',')
      .map((i) => i.trim())
      .filter(Boolean))
      if (m[1] || item.startsWith('type ')) types.add(item.replace(/^type /, ''));
  assert.deepEqual([...types].sort(), [...TYPES].sort());
});

it('every type an options type names can be named from the package (checked by npm run typecheck)', () => {
  // Each row is true only when the option's type is exactly the exported type: the type checker
  // refuses this file when a name is missing from the package or an option's type drifts from it.
  const checks: [
    Same<NonNullable<streamalert.LibraryOptions['clients']>, AwsClients>,
    Same<NonNullable<streamalert.RefreshOptions['clients']>, ClientFactory>,
    Same<NonNullable<streamalert.LibraryOptions['config']>, Config>,
    Same<NonNullable<streamalert.LibraryOptions['sharedConfig']>, SharedConfig>,
    Same<NonNullable<streamalert.LibraryOptions['onRequest']>, (record: AwsRequestRecord) => void>,
    Same<NonNullable<streamalert.LibraryOptions['credentials']>, AwsCredentials | (() => Promise<AwsCredentials>)>,
    Same<NonNullable<streamalert.RefreshOptions['clock']>, Clock>,
    Same<NonNullable<streamalert.RefreshOptions['logger']>, Logger>,
    Same<NonNullable<streamalert.RefreshOptions['onProgress']>, (progress: RefreshProgress) => void>,
    Same<NonNullable<streamalert.MonitorOptions['logger']>, Logger>,
    Same<NonNullable<streamalert.BackfillCallOptions['onProgress']>, (p: BackfillProgress) => void>,
    Same<NonNullable<streamalert.BackfillCallOptions['clock']>, Clock>,
    Same<streamalert.DeployOptions['functions'], string | string[]>,
    Same<'owner' extends keyof streamalert.RedriveCallOptions ? true : false, false>,
  ] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
  assert.ok(checks.every(Boolean));
});

it('the errors are one hierarchy a caller can catch', () => {
  const err = new streamalert.ConfigError('bad', 'conf/lambda.json');
  assert.ok(err instanceof streamalert.StreamAlertError);
  assert.ok(
    new streamalert.CredentialsError('the session token has expired', 'the environment', 'refresh it', {
      service: 'sqs',
      operation: 'ReceiveMessage',
    }) instanceof streamalert.AwsError,
  );
});

it('runs as compiled JavaScript in plain node, with types beside it (npm run build)', () => {
  // Plain node resolves the package to dist/: what users get.
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { refresh, loadConfig } from 'streamalert'; console.log(typeof refresh, loadConfig('conf').athena.queue_name)",
    ],
    { encoding: 'utf8' },
  );
  assert.equal(out.trim(), 'function acme_streamalert_athena_s3_notifications');
  assert.ok(existsSync('dist/index.d.ts'), 'type declarations are built');
});

it('the published exports point into dist/ only, under every condition', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: unknown; main: string; types: string };
  const targets: string[] = [];
  const walk = (v: unknown): void =>
    void (typeof v === 'string' ? targets.push(v) : v && typeof v === 'object' && Object.values(v).forEach(walk));
  walk(pkg.exports);
  assert.ok(targets.length > 0);
  for (const t of [...targets, pkg.main, pkg.types]) assert.match(t, /^\.\/dist\//, t);
});

it('a consumer running with --conditions=development gets the compiled package, not TypeScript it cannot load', () => {
  const script =
    "console.log(import.meta.resolve('streamalert')); const { refresh } = await import('streamalert'); console.log(typeof refresh)";
  const out = execFileSync(process.execPath, ['--conditions=development', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.match(out, /\/dist\/index\.js\nfunction\n$/);
});

it("the tests import the sources by the package's name (tsx reads tsconfig.json's paths)", () => {
  assert.match(import.meta.resolve('streamalert'), /\/src\/index\.ts$/);
});

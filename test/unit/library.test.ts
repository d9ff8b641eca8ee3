/** The package's public surface, imported by name as a user would. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import * as streamalert from 'streamalert';

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

it('exports what a user calls, and nothing else (every export is a promise)', () => {
  assert.deepEqual(Object.keys(streamalert).sort(), [...SURFACE].sort());
  for (const name of SURFACE) assert.equal(typeof (streamalert as Record<string, unknown>)[name], 'function', name);
  const config = streamalert.loadConfig('conf');
  assert.equal(config.athena.queue_name, 'acme_streamalert_athena_s3_notifications');
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

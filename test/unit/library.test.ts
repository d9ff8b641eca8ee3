/** The package's public surface, imported by name as a user would. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  assert.ok(new streamalert.CredentialsError('the session token has expired', 'the environment', 'refresh it', { service: 'sqs', operation: 'ReceiveMessage' }) instanceof streamalert.AwsError);
});

it('runs as compiled JavaScript in plain node, with types beside it (npm run build)', () => {
  // Without the "development" condition the package resolves to dist/: what users get.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import { refresh, loadConfig } from 'streamalert'; console.log(typeof refresh, loadConfig('conf').athena.queue_name)"], { encoding: 'utf8' });
  assert.equal(out.trim(), 'function acme_streamalert_athena_s3_notifications');
  assert.ok(existsSync('dist/index.d.ts'), 'type declarations are built');
});

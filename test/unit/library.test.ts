/** The package's public surface, imported by name as a user would. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import * as streamalert from 'streamalert';

it('exports the library surface by package name', () => {
  for (const name of ['refresh', 'loadConfig', 'runRefresh', 'processMessages', 'parseNotification', 'partitionFor', 'addPartitionStatements', 'parseSchedule', 'ConfigError', 'AwsError', 'AwsClients', 'runInit', 'planInit', 'initDeployment', 'loadTableSchemas', 'InitBlockedError']) {
    assert.equal(typeof (streamalert as Record<string, unknown>)[name], 'function', name);
  }
  const config = streamalert.loadConfig('conf');
  assert.equal(config.athena.queue_name, 'acme_streamalert_athena_s3_notifications');
});

it('runs as compiled JavaScript in plain node, with types beside it (npm run build)', () => {
  // Without the "development" condition the package resolves to dist/: what users get.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', "import { refresh, loadConfig } from 'streamalert'; console.log(typeof refresh, loadConfig('conf').athena.queue_name)"], { encoding: 'utf8' });
  assert.equal(out.trim(), 'function acme_streamalert_athena_s3_notifications');
  assert.ok(existsSync('dist/index.d.ts'), 'type declarations are built');
});

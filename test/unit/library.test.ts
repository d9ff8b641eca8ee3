/** The package's public surface, imported by name as a user would. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as streamalert from 'streamalert';

it('exports the library surface by package name', () => {
  for (const name of ['refresh', 'loadConfig', 'runRefresh', 'processMessages', 'parseNotification', 'partitionFor', 'addPartitionStatements', 'parseSchedule', 'ConfigError', 'AwsError', 'AwsClients']) {
    assert.equal(typeof (streamalert as Record<string, unknown>)[name], 'function', name);
  }
  const config = streamalert.loadConfig('conf');
  assert.equal(config.athena.queue_name, 'acme_streamalert_athena_s3_notifications');
});

/**
 * The refresh suite (refresh.test.ts) again with STREAMALERT_SQS_CLIENT=sdk: every ReceiveMessage
 * and DeleteMessageBatch through SQSClient.send, so the switch that works around a production edge
 * case of the direct path (src/aws/sqs-direct/) is itself kept working.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ClientFactory } from '../../src/aws/sdk/client-factory.js';
import { refreshPorts } from '../../src/aws/refresh/refresh-ports.js';
import type { SqsQueue } from '../../src/aws/refresh/queue.js';
import { configFromObjects } from '../../src/core/config/load.js';

process.env.STREAMALERT_SQS_CLIENT = 'sdk';

it('STREAMALERT_SQS_CLIENT=sdk overrides sqs_client "direct" for the refresh queue', () => {
  const config = configFromObjects(
    { account: { aws_account_id: '123456789012', prefix: 'unit', region: 'us-east-1' } },
    { athena_partition_refresh_config: { buckets: { 'unit-alerts': 'alerts' }, sqs_client: 'direct' } },
  );
  const clients = new ClientFactory({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9' });
  try {
    assert.equal((refreshPorts(config.athena, clients).queue as SqsQueue).sqsClient, 'sdk');
  } finally {
    clients.destroy();
  }
});

await import('./refresh.test.js');

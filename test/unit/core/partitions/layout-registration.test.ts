/**
 * A declared layout's partitions through the refresh run: the same-partition/other-location guard
 * reads the catalog per full key, and `repair` adds them explicitly (MSCK finds only dt= folders).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '../../../../src/core/config/read-json.js';
import { tableLayouts, tableSchema, tableSchemaFile } from '../../../../src/core/config/table-schemas.js';
import type { RefreshStrategy } from '../../../../src/core/config/schema.js';
import type { AthenaPort, CatalogPort, QueryState } from '../../../../src/core/partitions/ports.js';
import type { QueueMessage, QueuePort } from '../../../../src/core/refresh/ports.js';
import { processMessages } from '../../../../src/core/refresh/index.js';
import { s3Event } from '../../../support/factories.js';

const FILE = '/conf/schemas/cloudtrail.json';
const layouts = tableLayouts([
  tableSchema(
    'cloudtrail',
    FILE,
    validate(
      tableSchemaFile,
      {
        format: 'json',
        columns: { records: 'array<string>' },
        location: 's3://acme-ct/AWSLogs/',
        partition_keys: { account: 'string', region: 'string', day: 'string' },
        partition_layout: '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/',
      },
      FILE,
    ),
  ),
]);
const settings = (strategy: RefreshStrategy) => ({
  database_name: 'db',
  buckets: { 'acme-ct': 'cloudtrail' },
  layouts,
  refresh_strategy: strategy,
  max_messages: 1000,
  receive_concurrency: 1,
  query_timeout_seconds: 5,
});
const queue: QueuePort = { name: 'q', receive: async () => [], deleteBatch: async () => [] };

class RecordingAthena implements AthenaPort {
  readonly sql: string[] = [];
  databaseExists = async () => true;
  startQuery = async (sql: string) => (this.sql.push(sql), `q${this.sql.length}`);
  queryStates = async (ids: string[]) => ids.map((id): QueryState => ({ id, state: 'SUCCEEDED' }));
}

const message = (id: string, key: string): QueueMessage => ({ messageId: id, receiptHandle: id, body: s3Event(['acme-ct', key]) });
const KEY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/28/a.json.gz';

describe('a declared layout through the run', () => {
  it('keeps a message whose full key is registered elsewhere, naming both locations', async () => {
    const asked: string[][] = [];
    const catalog: CatalogPort = {
      registeredPartitions: async (_db, _table, dts) => (
        asked.push(dts),
        { locations: new Map([[dts[0]!, 's3://acme-ct/old/']]), unprocessed: [] }
      ),
    };
    const r = await processMessages(settings('add_partition'), { queue, athena: new RecordingAthena(), catalog }, [message('m1', KEY)], {
      firstPollMs: 1,
      maxPollMs: 5,
    });
    assert.deepEqual(asked, [['111122223333\u001fus-east-1\u001f2026/11/28']]);
    assert.equal(r.messages.kept, 1);
    assert.match(
      r.keptMessages[0]!.reason,
      /^partition cloudtrail\/account=111122223333\/region=us-east-1\/day=2026\/11\/28 is registered at "s3:\/\/acme-ct\/old\/", not at "s3:\/\/acme-ct\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2026\/11\/28\/"/,
    );
  });

  it('adds the partitions explicitly under repair', async () => {
    const athena = new RecordingAthena();
    const r = await processMessages(settings('repair'), { queue, athena }, [message('m1', KEY)], { firstPollMs: 1, maxPollMs: 5 });
    assert.equal(r.messages.kept, 0);
    assert.equal(athena.sql.length, 1);
    assert.match(
      athena.sql[0]!,
      /^ALTER TABLE `db`\.`cloudtrail` ADD IF NOT EXISTS\nPARTITION \(`account` = '111122223333', `region` = 'us-east-1', `day` = '2026\/11\/28'\)/,
    );
  });
});

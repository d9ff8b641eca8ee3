/**
 * A message is deleted only when its partition is registered where its object is. The catalog
 * may already have the partition elsewhere (an earlier run took the other valid layout, or
 * someone registered it by hand): `ADD IF NOT EXISTS` and Glue's AlreadyExists then succeed
 * without changing it. Every strategy reads the catalog (BatchGetPartition, one call per table
 * and batch of 1,000) and keeps such messages, naming both locations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RefreshStrategy } from '../../../../src/core/config/schema.js';
import type { Partition } from '../../../../src/core/partitions/partition.js';
import type {
  AthenaPort,
  CallOptions,
  CatalogPort,
  GluePort,
  QueryState,
  RegisteredPartitions,
} from '../../../../src/core/partitions/ports.js';
import type { QueueMessage, QueuePort } from '../../../../src/core/refresh/ports.js';
import { processMessages, type RefreshSettings } from '../../../../src/core/refresh/index.js';
import { s3Event } from '../../../support/factories.js';

const settings = (strategy: RefreshStrategy): RefreshSettings => ({
  database_name: 'db',
  buckets: { 'acme-alerts': 'alerts', 'acme-data': '*' },
  refresh_strategy: strategy,
  max_messages: 100_000,
  receive_concurrency: 4,
  query_timeout_seconds: 5,
});
const fast = { firstPollMs: 1, maxPollMs: 5 };

const queue: QueuePort = { name: 'q', receive: async () => [], deleteBatch: async () => [] };
const athena: AthenaPort = {
  databaseExists: async () => true,
  startQuery: async (sql) => `q-${sql.length}-${Math.random()}`,
  queryStates: async (ids) => ids.map((id): QueryState => ({ id, state: 'SUCCEEDED' })),
};
const glue: GluePort = { createPartitions: async () => [] };

/** A catalog holding `existing` ("table dt" → location); records every call. */
class FakeCatalog implements CatalogPort {
  readonly calls: { table: string; dts: string[] }[] = [];
  constructor(
    private readonly existing: Record<string, string> = {},
    private readonly behave: 'ok' | 'throws' | 'unprocessed' = 'ok',
  ) {}
  async registeredPartitions(_db: string, table: string, dts: string[], _o?: CallOptions): Promise<RegisteredPartitions> {
    this.calls.push({ table, dts });
    if (this.behave === 'throws') throw new Error('Glue BatchGetPartition failed: AccessDeniedException');
    const locations = new Map<string, string>();
    for (const dt of dts) if (this.existing[`${table} ${dt}`]) locations.set(dt, this.existing[`${table} ${dt}`]!);
    return { locations, unprocessed: this.behave === 'unprocessed' ? dts.slice(0, 1) : [] };
  }
}

const msg = (id: string, bucket: string, key: string): QueueMessage => ({
  messageId: id,
  receiptHandle: `rh-${id}`,
  body: s3Event([bucket, key]),
});
const run = (strategy: RefreshStrategy, catalog: CatalogPort, messages: QueueMessage[]) =>
  processMessages(settings(strategy), { queue, athena, glue, catalog }, messages, fast);

describe('the registered location must be the object’s', () => {
  for (const strategy of ['add_partition', 'repair', 'glue'] as const) {
    it(`${strategy}: a partition the catalog has elsewhere keeps its message, naming both locations; the others are done`, async () => {
      const catalog = new FakeCatalog({
        'alerts 2026-11-28-09': 's3://acme-alerts/dt=2026-11-28-09/',
        'alerts 2026-11-28-08': 's3://acme-alerts/dt=2026-11-28-08/',
        'osquery 2026-11-28-10': 's3://acme-data/osquery/2026/11/28/10',
      });
      const r = await run(strategy, catalog, [
        msg('elsewhere', 'acme-alerts', 'alerts/dt=2026-11-28-09/a.json'),
        msg('same-place', 'acme-alerts', 'dt=2026-11-28-08/b.json'),
        msg('no-trailing-slash', 'acme-data', 'osquery/2026/11/28/10/c.json'),
        msg('new', 'acme-alerts', 'alerts/dt=2026-11-28-11/d.json'),
      ]);
      assert.deepEqual(
        r.keptMessages.map((k) => k.messageId),
        ['elsewhere'],
      );
      assert.equal(
        r.keptMessages[0]!.reason,
        'partition alerts/dt=2026-11-28-09 is registered at "s3://acme-alerts/dt=2026-11-28-09/", not at "s3://acme-alerts/alerts/dt=2026-11-28-09/" where this object is: ' +
          'Athena would not find it. Move the object, or point the partition at one location (ALTER TABLE ... PARTITION ... SET LOCATION)',
      );
      assert.deepEqual(r.doneMessageIds!.sort(), ['new', 'no-trailing-slash', 'same-place']);
    });
  }

  it('two spellings of one table under "*" are one table (Athena lower-cases names): the second location is kept', async () => {
    const catalog = new FakeCatalog();
    const r = await run('add_partition', catalog, [
      msg('lower', 'acme-data', 'alerts/dt=2026-11-28-09/a.json'),
      msg('upper', 'acme-data', 'Alerts/dt=2026-11-28-09/b.json'),
      msg('shout', 'acme-data', 'ALERTS/dt=2026-11-28-09/c.json'),
    ]);
    assert.deepEqual(r.doneMessageIds, ['lower']);
    assert.deepEqual(r.keptMessages.map((k) => k.messageId).sort(), ['shout', 'upper']);
    for (const k of r.keptMessages)
      assert.match(
        k.reason,
        /^partition alerts\/dt=2026-11-28-09 is already at "s3:\/\/acme-data\/alerts\/dt=2026-11-28-09\/", not "s3:\/\/acme-data\/(Alerts|ALERTS)\/dt=2026-11-28-09\/"$/,
      );
    assert.deepEqual(Object.keys(r.partitions), ['alerts']);
  });

  it('when the catalog cannot be read, the messages are kept (nothing is deleted unverified)', async () => {
    const r = await run('glue', new FakeCatalog({}, 'throws'), [msg('a', 'acme-alerts', 'alerts/dt=2026-11-28-09/a.json')]);
    assert.deepEqual(r.doneMessageIds, []);
    assert.match(
      r.keptMessages[0]!.reason,
      /^table alerts: could not check where partition dt=2026-11-28-09 is registered: Glue BatchGetPartition failed: AccessDeniedException$/,
    );
  });

  it('a partition Glue left unprocessed keeps its message', async () => {
    const r = await run('add_partition', new FakeCatalog({}, 'unprocessed'), [msg('a', 'acme-alerts', 'alerts/dt=2026-11-28-09/a.json')]);
    assert.deepEqual(r.doneMessageIds, []);
    assert.match(r.keptMessages[0]!.reason, /Glue left it unprocessed/);
  });

  it('one BatchGetPartition per table and batch of at most 1,000, covering exactly the partitions being registered', async () => {
    const hours = (n: number, offset = 0) =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.UTC(2026, 0, 1) + (i + offset) * 3_600_000).toISOString().slice(0, 13).replace('T', '-'),
      );
    const messages = [
      ...hours(1_500).map((dt, i) => msg(`a${i}`, 'acme-alerts', `alerts/dt=${dt}/x.json`)),
      ...hours(1_000, 7).map((dt, i) => msg(`o${i}`, 'acme-data', `osquery/dt=${dt}/y.json`)),
    ];
    const catalog = new FakeCatalog();
    const r = await run('add_partition', catalog, messages);
    assert.equal(r.messages.kept, 0);
    assert.deepEqual(
      catalog.calls.map((c) => [c.table, c.dts.length]).sort(),
      [
        ['alerts', 1_000],
        ['alerts', 500],
        ['osquery', 1_000],
      ].sort(),
    );
    const asked = (table: string) =>
      catalog.calls
        .filter((c) => c.table === table)
        .flatMap((c) => c.dts)
        .sort();
    assert.deepEqual(asked('alerts'), [...new Set(hours(1_500))].sort());
    assert.deepEqual(asked('osquery'), hours(1_000, 7).sort());
  });
});

describe('partitions are looked up under folded table names', () => {
  it('a bucket mapped to a mixed-case table registers the lower-case table', async () => {
    const seen: Partition[] = [];
    const recording: GluePort = { createPartitions: async (_db, _t, ps) => (seen.push(...ps), []) };
    const r = await processMessages(
      { ...settings('glue'), buckets: { 'acme-alerts': 'Alerts' } },
      { queue, athena, glue: recording, catalog: new FakeCatalog() },
      [msg('m', 'acme-alerts', 'Alerts/dt=2026-11-28-09/a.json')],
      fast,
    );
    assert.deepEqual(r.doneMessageIds, ['m']);
    assert.deepEqual(
      seen.map((p) => [p.table, p.location]),
      [['alerts', 's3://acme-alerts/Alerts/dt=2026-11-28-09/']],
    );
  });
});

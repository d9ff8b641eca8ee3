/**
 * The backfill run against in-memory ports (our interfaces, not the SDK): what is missing gets
 * registered through the refresh's registrar, conflicts and foreign locations are reported, a
 * dry run changes nothing, --rebuild updates only partitions whose schema differs, one table's
 * failure stays on its row. The same over real HTTP: test/integration/backfill.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PartitionCatalog, RegisteredPartition } from '../../../../src/core/backfill/ports.js';
import type { DtRange } from '../../../../src/core/backfill/range.js';
import { backfillSucceeded } from '../../../../src/core/backfill/report.js';
import { runBackfill, type BackfillSettings } from '../../../../src/core/backfill/run.js';
import { AwsError, UsageError } from '../../../../src/core/kernel/errors.js';
import type { Partition } from '../../../../src/core/partitions/partition.js';
import type { AthenaPort, GluePort, PartitionFailure, QueryState } from '../../../../src/core/partitions/ports.js';
import { MemoryBuckets } from '../../../support/memory-bucket.js';
import { cliMessage } from '../../../../src/cli/errors/messages.js';

class MemoryCatalog implements PartitionCatalog, GluePort {
  readonly tables = new Map<string, { schema: string; partitions: Map<string, RegisteredPartition> }>();
  readonly updates: string[] = [];
  readonly expressions: DtRange[] = [];
  table(name: string, schema = 'v1', partitions: [string, string, string?][] = []) {
    this.tables.set(name, {
      schema,
      partitions: new Map(partitions.map(([dt, location, s]) => [dt, { dt, location, schema: s ?? schema }])),
    });
  }
  private get(table: string) {
    const t = this.tables.get(table);
    if (!t)
      throw new AwsError(
        `Glue GetPartitions failed: EntityNotFoundException: Table ${table} not found.`,
        'Glue',
        'GetPartitions',
        'EntityNotFoundException',
      );
    return t;
  }
  async listPartitions(_db: string, table: string, range: DtRange): Promise<RegisteredPartition[]> {
    this.expressions.push(range);
    return [...this.get(table).partitions.values()].filter(
      (p) => (!range.since || p.dt >= range.since) && (!range.until || p.dt <= range.until),
    );
  }
  async tableSchema(_db: string, table: string): Promise<string> {
    return this.get(table).schema;
  }
  async updatePartitions(_db: string, table: string, partitions: RegisteredPartition[]): Promise<PartitionFailure[]> {
    assert.ok(partitions.length <= 100);
    const t = this.get(table);
    for (const p of partitions) {
      t.partitions.set(p.dt, { ...p, schema: t.schema });
      this.updates.push(`${table} ${p.dt} ${p.location}`);
    }
    return [];
  }
  async createPartitions(_db: string, table: string, partitions: Partition[]): Promise<PartitionFailure[]> {
    assert.ok(partitions.length <= 100);
    const t = this.get(table);
    for (const p of partitions) t.partitions.set(p.dt, { dt: p.dt, location: p.location, schema: t.schema });
    return [];
  }
}

class RecordingAthena implements AthenaPort {
  readonly sql: string[] = [];
  async databaseExists() {
    return true;
  }
  async startQuery(sql: string) {
    this.sql.push(sql);
    return `q${this.sql.length}`;
  }
  async queryStates(ids: string[]): Promise<QueryState[]> {
    return ids.map((id) => ({ id, state: 'SUCCEEDED' }));
  }
}

const settings = (over: Partial<BackfillSettings> = {}): BackfillSettings => ({
  database_name: 'db',
  buckets: { 'acme-alerts': 'alerts', 'acme-data': '*' },
  refresh_strategy: 'glue',
  query_timeout_seconds: 5,
  ...over,
});

const KEYS = {
  'acme-alerts': [
    'alerts/dt=2026-11-28-09/a',
    'alerts/dt=2026-11-28-10/a',
    'dt=2026-11-28-10/b',
    '2026/11/28/11/a',
    'alerts/dt=2026-11-28-12/a',
  ],
  'acme-data': ['osquery/dt=2026-11-28-09/a', 'cloudtrail/2026/11/28/09/a'],
};

function setup() {
  const catalog = new MemoryCatalog();
  catalog.table('alerts', 'v1', [
    ['2026-11-28-09', 's3://acme-alerts/alerts/dt=2026-11-28-09/'],
    ['2026-11-28-12', 's3://elsewhere/alerts/2026-11-28-12'],
  ]);
  catalog.table('osquery');
  const athena = new RecordingAthena();
  const ports = { folders: new MemoryBuckets(KEYS), catalog, athena, glue: catalog };
  return { catalog, athena, ports };
}

describe('runBackfill', () => {
  it('registers what is missing, reports conflicts and foreign locations, and a table the catalog lacks on its row', async () => {
    const { catalog, ports } = setup();
    const r = await runBackfill(settings(), ports);
    const row = (t: string) => r.tables.find((x) => x.table === t)!;
    assert.deepEqual(
      r.tables.map((t) => t.table),
      ['alerts', 'cloudtrail', 'osquery'],
    );
    assert.deepEqual([row('alerts').found, row('alerts').already, row('alerts').missing, row('alerts').registered], [4, 2, 1, 1]);
    assert.deepEqual(row('alerts').dt.registered, ['2026-11-28-11']);
    assert.equal(catalog.tables.get('alerts')!.partitions.get('2026-11-28-11')!.location, 's3://acme-alerts/2026/11/28/11/');
    assert.deepEqual(row('alerts').conflicts, [
      { dt: '2026-11-28-10', locations: ['s3://acme-alerts/alerts/dt=2026-11-28-10/', 's3://acme-alerts/dt=2026-11-28-10/'] },
    ]);
    assert.deepEqual(row('alerts').elsewhere, [
      { dt: '2026-11-28-12', registered: 's3://elsewhere/alerts/2026-11-28-12', found: 's3://acme-alerts/alerts/dt=2026-11-28-12/' },
    ]);
    assert.equal(row('osquery').registered, 1);
    assert.match(row('cloudtrail').error!, /table db\.cloudtrail is not in the Glue Data Catalog.*create it/);
    assert.equal(backfillSucceeded(r), false);
    assert.deepEqual(r.totals, { found: 6, already: 2, missing: 2, registered: 2, failed: 0, rebuilt: 0 });

    const again = await runBackfill(settings(), ports, { tables: ['alerts', 'osquery'] });
    assert.equal(again.totals.registered, 0);
    assert.equal(backfillSucceeded(again), false, "alerts' conflict still leaves a partition unregistered");
    assert.equal(backfillSucceeded(await runBackfill(settings(), ports, { tables: ['osquery'] })), true);
    assert.equal(
      backfillSucceeded(await runBackfill(settings(), ports, { tables: ['alerts'], dryRun: true })),
      true,
      'a dry run only reports conflicts',
    );
  });

  it('--dry-run registers nothing and says what it would', async () => {
    const { catalog, ports } = setup();
    const r = await runBackfill(settings(), ports, { dryRun: true, tables: ['alerts', 'osquery'] });
    assert.deepEqual(
      r.tables.map((t) => [t.table, t.missing, t.registered, t.dt.missing]),
      [
        ['alerts', 1, 0, ['2026-11-28-11']],
        ['osquery', 1, 0, ['2026-11-28-09']],
      ],
    );
    assert.equal(catalog.tables.get('osquery')!.partitions.size, 0);
    assert.equal(r.calls.length, 0);
  });

  it('asks the catalog only for the range, and registers only in it', async () => {
    const { catalog, ports } = setup();
    const r = await runBackfill(settings(), ports, { since: '2026-11-28-11', tables: ['alerts'] });
    assert.deepEqual(catalog.expressions, [{ since: '2026-11-28-11' }]);
    assert.deepEqual(r.tables[0]!.dt.found, ['2026-11-28-11', '2026-11-28-12']);
    assert.deepEqual(r.tables[0]!.dt.registered, ['2026-11-28-11']);
  });

  it('registers through the configured strategy: add_partition runs ALTER TABLE ADD IF NOT EXISTS with the found locations', async () => {
    const { athena, ports } = setup();
    const r = await runBackfill(settings({ refresh_strategy: 'add_partition' }), ports, { tables: ['osquery'], firstPollMs: 1 });
    assert.equal(r.tables[0]!.registered, 1);
    assert.deepEqual(athena.sql, [
      "ALTER TABLE `db`.`osquery` ADD IF NOT EXISTS\nPARTITION (dt = '2026-11-28-09') LOCATION 's3://acme-data/osquery/dt=2026-11-28-09/'",
    ]);
  });

  it("--rebuild gives partitions of an older schema the table's current one, keeping their locations; a second rebuild has nothing to do", async () => {
    const { catalog, ports } = setup();
    catalog.table('osquery', 'v2', [
      ['2026-11-28-01', 's3://acme-data/osquery/dt=2026-11-28-01/', 'v1'],
      ['2026-11-28-02', 's3://acme-data/osquery/dt=2026-11-28-02/'],
    ]);
    const dry = await runBackfill(settings(), ports, { tables: ['osquery'], rebuild: true, dryRun: true });
    assert.deepEqual(dry.tables[0]!.dt.rebuilt, ['2026-11-28-01']);
    assert.deepEqual(catalog.updates, []);
    const r = await runBackfill(settings(), ports, { tables: ['osquery'], rebuild: true });
    assert.deepEqual(catalog.updates, ['osquery 2026-11-28-01 s3://acme-data/osquery/dt=2026-11-28-01/']);
    assert.equal(r.tables[0]!.rebuilt, 1);
    assert.equal(r.tables[0]!.registered, 1, 'the missing 09 partition is registered too');
    const again = await runBackfill(settings(), ports, { tables: ['osquery'], rebuild: true });
    assert.equal(again.tables[0]!.rebuilt, 0);
  });

  // The CLI's wording: core names the options, the CLI writes its flags (src/cli/errors/messages.ts).
  it('--table must be a table the bucket map can hold', async () => {
    const { ports } = setup();
    await assert.rejects(
      runBackfill(settings({ buckets: { 'acme-alerts': 'alerts' } }), ports, { tables: ['osquery'] }),
      (e: unknown) => e instanceof UsageError && /--table osquery: no bucket .* maps this table \(mapped: alerts\)/.test(cliMessage(e)),
    );
    await assert.rejects(runBackfill(settings(), ports, { tables: ['bad-name'] }), UsageError);
    await assert.rejects(runBackfill(settings(), ports, { since: '2026-13-01' }), (e: unknown) =>
      /--since must be a date/.test(cliMessage(e)),
    );
  });
});

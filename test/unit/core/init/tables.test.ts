/** athena init: Hive types, schema files, which tables a deployment has, and how a live one differs. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadTableSchemas, type TableSchema } from '../../../../src/core/config/table-schemas.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';
import { ALERTS_COLUMNS } from '../../../../src/core/init/alerts-table.js';
import { parseHiveType } from '../../../../src/core/init/hive-types.js';
import { desiredTables, planTable, tableDefinition, tableDifferences, type TableSpec } from '../../../../src/core/init/tables.js';

describe('parseHiveType', () => {
  const valid: [string, string][] = [
    ['string', 'string'],
    ['BIGINT', 'bigint'],
    ['integer', 'int'],
    ['decimal(10, 3)', 'decimal(10,3)'],
    ['decimal', 'decimal'],
    ['varchar(255)', 'varchar(255)'],
    ['array<string>', 'array<string>'],
    ['map<string, string>', 'map<string,string>'],
    ['struct<a:string, b:int>', 'struct<a:string,b:int>'],
    [
      'array<struct<id:string,ts:timestamp,tags:map<string,array<string>>>>',
      'array<struct<id:string,ts:timestamp,tags:map<string,array<string>>>>',
    ],
  ];
  for (const [input, canonical] of valid)
    it(`${input} → ${canonical}`, () => assert.deepEqual(parseHiveType(input), { ok: true, type: canonical }));

  const invalid: [string, RegExp][] = [
    ['', /empty/],
    ['text', /unknown type "text"/],
    ['array<string', /ends too early/],
    ['array<string>>', /unexpected ">"/],
    ['map<array<string>,string>', /unknown type "array"/],
    ['struct<a string>', /expected ":"/],
    ['struct<a:int,a:string>', /"a" appears twice/],
    ['decimal(40,2)', /precision must be 1-38/],
    ['decimal(5,6)', /scale 6 is larger/],
    ['varchar(0)', /length must be 1-65535/],
    ['struct<>', /field name ">"/],
  ];
  for (const [input, reason] of invalid) {
    it(`"${input}" is refused`, () => {
      const r = parseHiveType(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }
});

function schemasDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamalert-schemas-'));
  mkdirSync(join(dir, 'schemas'));
  for (const [name, body] of Object.entries(files))
    writeFileSync(join(dir, 'schemas', name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

describe('loadTableSchemas', () => {
  it('no schemas folder: no schemas', () => assert.deepEqual(loadTableSchemas(mkdtempSync(join(tmpdir(), 'streamalert-none-'))), []));

  it('reads every <table>.json, canonical types and lower-case names, ignoring other files', () => {
    const dir = schemasDir({
      'cloudtrail.json': {
        format: 'parquet',
        columns: { EventName: 'string', resources: 'array<struct<arn:string>>' },
        location: 's3://acme-ct/logs',
      },
      'README.md': 'notes',
    });
    const [ct, ...rest] = loadTableSchemas(dir);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { ...ct, file: undefined },
      {
        table: 'cloudtrail',
        file: undefined,
        format: 'parquet',
        columns: [
          { name: 'eventname', type: 'string' },
          { name: 'resources', type: 'array<struct<arn:string>>' },
        ],
        location: 's3://acme-ct/logs/',
      },
    );
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['bad format', { 't.json': { format: 'csv', columns: { a: 'string' } } }, /format/],
    ['unknown key', { 't.json': { format: 'json', columns: { a: 'string' }, serde: 'x' } }, /unknown key\(s\) "serde"/],
    ['no columns', { 't.json': { format: 'json', columns: {} } }, /at least one column/],
    [
      'bad Hive type',
      { 't.json': { format: 'json', columns: { a: 'array<strin>' } } },
      /columns\.a: "array<strin>" is not a Hive type: unknown type "strin"/,
    ],
    ['bad column name', { 't.json': { format: 'json', columns: { 'a-b': 'string' } } }, /column names must be letters/],
    ['dt column', { 't.json': { format: 'json', columns: { dt: 'string' } } }, /"dt" is the partition key/],
    [
      'names differing in case only',
      { 't.json': { format: 'json', columns: { a: 'string', A: 'int' } } },
      /differ in more than letter case/,
    ],
    ['bad location', { 't.json': { format: 'json', columns: { a: 'string' }, location: 'https://x' } }, /location must be an s3:/],
    ['bad table name', { 'my-table.json': { format: 'json', columns: { a: 'string' } } }, /"my-table" is not a table name/],
    ['invalid JSON', { 't.json': '{"format": ' }, /invalid JSON/],
  ];
  for (const [name, files, message] of bad) {
    it(`${name} → ConfigError naming the file`, () => {
      const dir = schemasDir(files);
      assert.throws(
        () => loadTableSchemas(dir),
        (err: unknown) =>
          err instanceof ConfigError && message.test(err.message) && err.message.includes(join(dir, 'schemas', Object.keys(files)[0]!)),
      );
    });
  }
});

const schema = (table: string, extra: Partial<TableSchema> = {}): TableSchema => ({
  table,
  file: `/conf/schemas/${table}.json`,
  format: 'json',
  columns: [{ name: 'record', type: 'string' }],
  ...extra,
});

describe('desiredTables', () => {
  const summary = (specs: TableSpec[]) =>
    specs.map((s) => (s.managed ? `${s.name} ${s.definition.location} ${s.source}` : `${s.name} unmanaged ${s.bucket}`));
  const cases: [string, Record<string, string>, TableSchema[], string[]][] = [
    ['alerts is built in', { 'acme-alerts': 'alerts' }, [], ['alerts s3://acme-alerts/alerts/ built-in schema']],
    ['a schema file replaces it', { 'acme-alerts': 'alerts' }, [schema('alerts')], ['alerts s3://acme-alerts/alerts/ schemas/alerts.json']],
    ['a mapped table without schema is only checked', { 'acme-ct': 'cloudtrail' }, [], ['cloudtrail unmanaged acme-ct']],
    [
      'schema tables of the "*" bucket',
      { 'acme-alerts': 'alerts', 'acme-data': '*' },
      [schema('osquery'), schema('cloudtrail')],
      [
        'alerts s3://acme-alerts/alerts/ built-in schema',
        'cloudtrail s3://acme-data/cloudtrail/ schemas/cloudtrail.json',
        'osquery s3://acme-data/osquery/ schemas/osquery.json',
      ],
    ],
    [
      'location from the schema',
      { 'acme-data': 'osquery' },
      [schema('osquery', { location: 's3://elsewhere/o/' })],
      ['osquery s3://elsewhere/o/ schemas/osquery.json'],
    ],
    ['two buckets, one table: the first', { 'acme-a': 'alerts', 'acme-b': 'alerts' }, [], ['alerts s3://acme-a/alerts/ built-in schema']],
    ['"*" only, no schema: no table', { 'acme-data': '*' }, [], []],
  ];
  for (const [name, buckets, schemas, expected] of cases)
    it(name, () => assert.deepEqual(summary(desiredTables({ buckets }, schemas)), expected));

  it('a schema with no bucket to locate it is a ConfigError naming the file and key', () => {
    for (const buckets of [{ 'acme-alerts': 'alerts' }, { 'acme-a': '*', 'acme-b': '*' }] as Record<string, string>[]) {
      assert.throws(
        () => desiredTables({ buckets }, [schema('osquery')]),
        (err: unknown) =>
          err instanceof ConfigError && err.keyPath === 'location' && /osquery\.json: table osquery has no location/.test(err.message),
      );
    }
  });

  it('the alerts table: StreamAlert alert record columns, OpenX JSON SerDe, partitioned by dt', () => {
    const [alerts] = desiredTables({ buckets: { 'acme-alerts': 'alerts' } }, []);
    assert.ok(alerts?.managed);
    assert.deepEqual(alerts.definition.columns, ALERTS_COLUMNS);
    assert.deepEqual(
      alerts.definition.columns.map((c) => c.name),
      [
        'cluster',
        'context',
        'created',
        'id',
        'log_source',
        'log_type',
        'outputs',
        'publishers',
        'record',
        'rule_description',
        'rule_name',
        'source_entity',
        'source_service',
        'staged',
      ],
    );
    assert.equal(alerts.definition.serializationLibrary, 'org.openx.data.jsonserde.JsonSerDe');
    assert.deepEqual(alerts.definition.partitionKeys, [{ name: 'dt', type: 'string' }]);
    assert.equal(alerts.definition.tableType, 'EXTERNAL_TABLE');
  });
});

describe('tableDifferences and planTable', () => {
  const want = tableDefinition(
    schema('t', {
      columns: [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'map<string,string>' },
      ],
    }),
    's3://x/t/',
  );
  const cases: [string, Partial<typeof want>, string[]][] = [
    ['the same', {}, []],
    [
      'the same, spelled differently',
      {
        columns: [
          { name: 'A', type: 'STRING' },
          { name: 'b', type: 'map<string, string>' },
        ],
        location: 's3://x/t',
      },
      [],
    ],
    [
      'the same columns in another order',
      {
        columns: [
          { name: 'b', type: 'map<string,string>' },
          { name: 'a', type: 'string' },
        ],
      },
      [],
    ],
    [
      'a column more and one retyped',
      {
        columns: [
          { name: 'a', type: 'int' },
          { name: 'b', type: 'map<string,string>' },
          { name: 'c', type: 'string' },
        ],
      },
      ['drops column(s) c', 'retypes a int → string'],
    ],
    ['a column less', { columns: [{ name: 'a', type: 'string' }] }, ['adds column(s) b map<string,string>']],
    [
      'parquet storage',
      { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      ['storage org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe → org.openx.data.jsonserde.JsonSerDe'],
    ],
    ['no partition key', { partitionKeys: [] }, ['partition keys (none) → (dt string)']],
    ['elsewhere', { location: 's3://y/t/' }, ['location s3://y/t/ → s3://x/t/']],
  ];
  for (const [name, change, expected] of cases)
    it(`${name} → ${expected.length} difference(s)`, () => assert.deepEqual(tableDifferences(want, { ...want, ...change }), expected));

  const spec: TableSpec = { name: 't', managed: true, source: 'schemas/t.json', definition: want };
  const changed = { ...want, columns: [{ name: 'a', type: 'string' }], parameters: { EXTERNAL: 'TRUE', owner_note: 'keep me' } };
  it('missing → create with the definition', () =>
    assert.deepEqual(planTable(spec, null, 'db', false).write, { op: 'createTable', table: want }));
  it('the same → unchanged, nothing to write', () =>
    assert.deepEqual([planTable(spec, want, 'db', false).action, planTable(spec, want, 'db', false).write], ['unchanged', undefined]));
  it('different, without --update-tables → update, not written, says how', () => {
    const plan = planTable(spec, changed, 'db', false);
    assert.equal(plan.action, 'update');
    assert.equal(plan.write, undefined);
    assert.match(plan.detail, /adds column\(s\) b .*not applied: run with --update-tables/);
  });
  it('different, with --update-tables → UpdateTable keeping parameters that are not ours', () => {
    const plan = planTable(spec, changed, 'db', true);
    assert.equal(plan.write?.op, 'updateTable');
    assert.deepEqual(plan.write?.table.parameters, { EXTERNAL: 'TRUE', owner_note: 'keep me', classification: 'json' });
    assert.deepEqual(plan.write?.table.columns, want.columns);
  });
  it('an unmanaged table: present → unchanged, missing → blocked naming the file to add', () => {
    const u: TableSpec = { name: 'cloudtrail', managed: false, bucket: 'acme-ct' };
    assert.equal(planTable(u, want, 'db', false).action, 'unchanged');
    const blocked = planTable(u, null, 'db', false);
    assert.equal(blocked.action, 'blocked');
    assert.match(
      blocked.detail,
      /bucket acme-ct maps to table cloudtrail, which is not in database db.*add conf\/schemas\/cloudtrail\.json/,
    );
  });
});

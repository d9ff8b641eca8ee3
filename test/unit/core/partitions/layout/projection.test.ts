/**
 * Partition projection's table properties per key type, the table init creates for a declared
 * layout, and the multi-key ADD PARTITION statement.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readJsonFile, validate } from '../../../../../src/core/config/read-json.js';
import { tableSchema, tableSchemaFile } from '../../../../../src/core/config/table-schemas.js';
import { planTable, tableDefinition } from '../../../../../src/core/init/tables.js';
import { projectedTablesNote, projectionProperties } from '../../../../../src/core/partitions/layout/projection.js';
import { locateObject } from '../../../../../src/core/partitions/partition.js';
import { addPartitionStatements } from '../../../../../src/core/partitions/statements.js';

const FILE = '/conf/schemas/t.json';
const load = (extra: Record<string, unknown>) =>
  tableSchema(
    't',
    FILE,
    validate(
      tableSchemaFile,
      { format: 'json', columns: { message: 'string' }, location: 's3://acme-logs/base/', projection: true, ...extra },
      FILE,
    ),
  );
const props = (extra: Record<string, unknown>) => projectionProperties(load(extra).layout!);

describe('projection properties', () => {
  const cases: [string, Record<string, unknown>, Record<string, string>][] = [
    [
      'a date by day, default range',
      { partition_keys: { day: 'string' }, partition_layout: '{day:yyyy/MM/dd}/' },
      {
        'projection.day.type': 'date',
        'projection.day.format': 'yyyy/MM/dd',
        'projection.day.range': 'NOW-1YEARS,NOW',
        'projection.day.interval': '1',
        'projection.day.interval.unit': 'DAYS',
        'storage.location.template': 's3://acme-logs/base/${day}/',
      },
    ],
    [
      'a date by hour in one folder',
      {
        partition_keys: { dt: 'string' },
        partition_layout: 'dt={dt:yyyy-MM-dd-HH}/',
        projection_keys: { dt: { range: '2026-01-01-00,NOW', interval: 2 } },
      },
      {
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd-HH',
        'projection.dt.range': '2026-01-01-00,NOW',
        'projection.dt.interval': '2',
        'projection.dt.interval.unit': 'HOURS',
        'storage.location.template': 's3://acme-logs/base/dt=${dt}/',
      },
    ],
    [
      'a date by month',
      { partition_keys: { month: 'string' }, partition_layout: '{month:yyyy/MM}/' },
      {
        'projection.month.type': 'date',
        'projection.month.format': 'yyyy/MM',
        'projection.month.range': 'NOW-1YEARS,NOW',
        'projection.month.interval': '1',
        'projection.month.interval.unit': 'MONTHS',
        'storage.location.template': 's3://acme-logs/base/${month}/',
      },
    ],
    [
      'a Hive date key',
      { partition_keys: { d: 'date' }, partition_layout: 'd={d:yyyy-MM-dd}/' },
      {
        'projection.d.type': 'date',
        'projection.d.format': 'yyyy-MM-dd',
        'projection.d.range': 'NOW-1YEARS,NOW',
        'projection.d.interval': '1',
        'projection.d.interval.unit': 'DAYS',
        'storage.location.template': 's3://acme-logs/base/d=${d}/',
      },
    ],
    [
      'a string with values: enum',
      {
        partition_keys: { region: 'string' },
        partition_layout: '{region}/',
        projection_keys: { region: { values: ['us-east-1', 'eu-west-1'] } },
      },
      {
        'projection.region.type': 'enum',
        'projection.region.values': 'us-east-1,eu-west-1',
        'storage.location.template': 's3://acme-logs/base/${region}/',
      },
    ],
    [
      'a string without values: injected',
      { partition_keys: { account: 'string' }, partition_layout: 'aws-account-id={account}/' },
      { 'projection.account.type': 'injected', 'storage.location.template': 's3://acme-logs/base/aws-account-id=${account}/' },
    ],
    [
      'an int with its range',
      { partition_keys: { year: 'int' }, partition_layout: 'year={year}/', projection_keys: { year: { range: '2020, 2030' } } },
      {
        'projection.year.type': 'integer',
        'projection.year.range': '2020,2030',
        'storage.location.template': 's3://acme-logs/base/year=${year}/',
      },
    ],
    [
      'a bigint with interval and digits',
      { partition_keys: { n: 'bigint' }, partition_layout: '{n}/', projection_keys: { n: { range: '0,100', interval: 5, digits: 3 } } },
      {
        'projection.n.type': 'integer',
        'projection.n.range': '0,100',
        'projection.n.interval': '5',
        'projection.n.digits': '3',
        'storage.location.template': 's3://acme-logs/base/${n}/',
      },
    ],
    [
      'a padded string as integer',
      {
        partition_keys: { month: 'string' },
        partition_layout: 'month={month}/',
        projection_keys: { month: { type: 'integer', range: '1,12', digits: 2 } },
      },
      {
        'projection.month.type': 'integer',
        'projection.month.range': '1,12',
        'projection.month.digits': '2',
        'storage.location.template': 's3://acme-logs/base/month=${month}/',
      },
    ],
  ];
  for (const [name, extra, expected] of cases)
    it(name, () => assert.deepEqual(props(extra), { 'projection.enabled': 'true', ...expected }));

  it('writes the shipped projected CloudTrail table (docs/schemas/cloudtrail_projected.json)', () => {
    const file = join(import.meta.dirname, '../../../../../docs/schemas/cloudtrail_projected.json');
    const schema = tableSchema('cloudtrail', file, readJsonFile(file, tableSchemaFile));
    assert.deepEqual(projectionProperties(schema.layout!), {
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.account.values': '111122223333,444455556666',
      'projection.region.type': 'enum',
      'projection.region.values': 'us-east-1,us-west-2,eu-west-1',
      'projection.day.type': 'date',
      'projection.day.format': 'yyyy/MM/dd',
      'projection.day.range': '2024/01/01,NOW',
      'projection.day.interval': '1',
      'projection.day.interval.unit': 'DAYS',
      'storage.location.template': 's3://acme-cloudtrail/AWSLogs/${account}/CloudTrail/${region}/${day}/',
    });
  });

  it('"projection": false switches it off', () => {
    assert.deepEqual(props({ projection: false, partition_keys: { a: 'string' }, partition_layout: '{a}/' }), {
      'projection.enabled': 'false',
    });
  });

  it('init updates a live table whose projection properties differ', () => {
    const schema = load({ partition_keys: { day: 'string' }, partition_layout: '{day:yyyy/MM/dd}/' });
    const want = tableDefinition(schema, schema.location!);
    const live = { ...want, parameters: { EXTERNAL: 'TRUE', classification: 'json' } };
    const plan = planTable({ name: 't', managed: true, source: 'schemas/t.json', definition: want }, live, 'db', true);
    assert.equal(plan.action, 'update');
    assert.match(plan.detail, /sets projection\.enabled=true, projection\.day\.type=date/);
    assert.equal(planTable({ name: 't', managed: true, source: 'schemas/t.json', definition: want }, want, 'db', true).action, 'unchanged');
  });

  it('names the projected tables for monitor and iam-policy', () => {
    const projected = load({ partition_keys: { a: 'string' }, partition_layout: '{a}/' }).layout!;
    const registered = load({ projection: undefined, partition_keys: { a: 'string' }, partition_layout: '{a}/' }).layout!;
    assert.equal(projectedTablesNote({ r: registered }), undefined);
    assert.match(
      projectedTablesNote({ t: projected, r: registered })!,
      /^t uses partition projection: Athena computes its partitions, so none is registered/,
    );
  });

  it('writes nothing for a table without projection', () => {
    assert.deepEqual(props({ projection: undefined, partition_keys: { a: 'string' }, partition_layout: '{a}/' }), {});
  });
});

describe('tables and statements of a declared layout', () => {
  const schema = load({
    projection: undefined,
    partition_keys: { account: 'string', region: 'string', day: 'string' },
    partition_layout: '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/',
  });

  it('creates the table with its partition keys in order, at its location', () => {
    const def = tableDefinition(schema, schema.location!);
    assert.deepEqual(def.partitionKeys, [
      { name: 'account', type: 'string' },
      { name: 'region', type: 'string' },
      { name: 'day', type: 'string' },
    ]);
    assert.equal(def.location, 's3://acme-logs/base/');
    assert.deepEqual(def.parameters, { EXTERNAL: 'TRUE', classification: 'json' });
  });

  it('adds a projected table with its properties', () => {
    const projected = load({ partition_keys: { day: 'string' }, partition_layout: '{day:yyyy/MM/dd}/' });
    assert.equal(tableDefinition(projected, projected.location!).parameters['projection.enabled'], 'true');
  });

  it('registers every key in order, back-quoted', () => {
    const layouts = { t: schema.layout! };
    const found = locateObject(
      { bucket: 'acme-logs', key: "base/111122223333/CloudTrail/us-east-1/2026/11/28/it's.json.gz" },
      { 'acme-logs': 't' },
      layouts,
    );
    assert.ok(found.kind === 'partition');
    assert.deepEqual(
      addPartitionStatements('db', 't', [found.partition]).map((s) => s.sql),
      [
        "ALTER TABLE `db`.`t` ADD IF NOT EXISTS\nPARTITION (`account` = '111122223333', `region` = 'us-east-1', `day` = '2026/11/28') LOCATION 's3://acme-logs/base/111122223333/CloudTrail/us-east-1/2026/11/28/'",
      ],
    );
  });
});

/** The bucket map's two forms read as one mapping; table locations keep the prefix. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketMapping, mappedTables, mappingOf, tableLocation } from '../../../../src/core/partitions/buckets.js';
import { configFromObjects } from '../../../../src/core/config/load.js';
import { ConfigError } from '../../../../src/core/kernel/errors.js';

describe('bucketMapping', () => {
  const cases: [Parameters<typeof bucketMapping>[0], { table: string; prefix: string }][] = [
    ['alerts', { table: 'alerts', prefix: '' }],
    ['*', { table: '*', prefix: '' }],
    [
      { table: '*', prefix: 'parquet/' },
      { table: '*', prefix: 'parquet/' },
    ],
    [{ table: 'alerts' }, { table: 'alerts', prefix: '' }],
  ];
  for (const [value, mapping] of cases) it(JSON.stringify(value), () => assert.deepEqual(bucketMapping(value), mapping));

  it('finds own keys only', () => {
    assert.equal(mappingOf({ a: 'x' }, 'constructor'), undefined);
    assert.deepEqual(mappingOf({ a: 'x' }, 'a'), { table: 'x', prefix: '' });
  });

  it('lists the named tables and whether any bucket maps "*"', () => {
    assert.deepEqual(mappedTables({ a: 'x', b: { table: 'y', prefix: 'p/' }, c: 'x' }), { tables: ['x', 'y'], any: false });
    assert.deepEqual(mappedTables({ a: 'x', b: { table: '*', prefix: 'p/' } }), { tables: ['x'], any: true });
  });
});

describe('tableLocation', () => {
  const cases: [string, Parameters<typeof tableLocation>[1], string, string][] = [
    ['b', { table: 'alerts', prefix: '' }, 'alerts', 's3://b/alerts/'],
    ['b', { table: '*', prefix: '' }, 'osquery', 's3://b/osquery/'],
    ['b', { table: '*', prefix: 'parquet/' }, 'cloudtrail', 's3://b/parquet/cloudtrail/'],
    ['b', { table: 'logs', prefix: 'a/b/' }, 'logs', 's3://b/a/b/logs/'],
  ];
  for (const [bucket, mapping, table, location] of cases)
    it(`${bucket} ${JSON.stringify(mapping)} ${table}`, () => assert.equal(tableLocation(bucket, mapping, table), location));
});

describe('the object form in conf/lambda.json', () => {
  const load = (value: unknown) =>
    configFromObjects(
      { account: { aws_account_id: '123456789012', prefix: 'acme', region: 'us-east-1' } },
      { athena_partition_refresh_config: { buckets: { 'acme-data': value } } },
    );

  it('accepts {"table": "*", "prefix": "parquet/"} and keeps the string form', () => {
    assert.deepEqual(load({ table: '*', prefix: 'parquet/' }).athena.buckets, { 'acme-data': { table: '*', prefix: 'parquet/' } });
    assert.deepEqual(load({ table: 'alerts', prefix: 'a=1/b/' }).athena.buckets, { 'acme-data': { table: 'alerts', prefix: 'a=1/b/' } });
    assert.deepEqual(load('alerts').athena.buckets, { 'acme-data': 'alerts' });
  });

  const bad: [unknown, RegExp][] = [
    [{ table: '*', prefix: 'parquet' }, /buckets\["acme-data"\]\.prefix: prefix must be folders ending in "\/"/],
    [{ table: '*', prefix: '/parquet/' }, /prefix must be folders/],
    [{ table: '*', prefix: 'a//b/' }, /prefix must be folders/],
    [{ table: '*', prefix: '../x/' }, /prefix must be folders/],
    [{ table: '*', prefix: 'a/./' }, /prefix must be folders/],
    [{ table: '*', prefix: "it's/" }, /prefix must be folders/],
    [{ table: 'bad-name', prefix: 'p/' }, /buckets\["acme-data"\]\.table: a table name must be letters/],
    [{ table: '*', prefix: 'p/', extra: 1 }, /unknown key\(s\) "extra"/],
    [{ prefix: 'p/' }, /buckets\["acme-data"\]/],
    [3, /a bucket maps to a table name, "\*", or \{"table"/],
  ];
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)}`, () =>
      assert.throws(
        () => load(value),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      ));
  }
});

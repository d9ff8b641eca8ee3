/**
 * Bad object keys: from the encoded key in a notification to a partition, or to a precise
 * rejection. Nothing of a key but validated bucket, table and date digits may reach a location.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeS3Key, parseNotification } from '../../../../src/core/partitions/notifications.js';
import { partitionFor, type PartitionResult } from '../../../../src/core/partitions/partition.js';
import { encodeKey, s3Event } from '../../../support/factories.js';

const BUCKETS = { 'test-streamalerts': 'alerts', 'test-streamalert-data': '*' };
const MAPPED = 'test-streamalerts';
const STAR = 'test-streamalert-data';

/** A key as it arrives encoded in a notification, through parsing and partitioning. */
function fromNotification(bucket: string, encodedKey: string): PartitionResult | { ok: false; reason: string; stage: 'parse' } {
  const body = JSON.stringify({
    Records: [{ eventName: 'ObjectCreated:Put', eventSource: 'aws:s3', s3: { bucket: { name: bucket }, object: { key: encodedKey } } }],
  });
  const parsed = parseNotification(body);
  assert.equal(parsed.ok, true);
  const record = (parsed as { ok: true; records: any[] }).records[0];
  if (record.kind === 'rejected') return { ok: false, reason: record.reason, stage: 'parse' };
  assert.equal(record.kind, 'object', JSON.stringify(record));
  return partitionFor(record.object, BUCKETS);
}

function reasonOf(r: PartitionResult): string {
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r)}`);
  return (r as { reason: string }).reason;
}

describe('decodeS3Key', () => {
  const good: [string, string][] = [
    ['alerts/dt%3D2026-11-28-09/a+b.json', 'alerts/dt=2026-11-28-09/a b.json'],
    ['a%2Bb', 'a+b'],
    ['%E6%97%A5%E6%9C%AC', '日本'],
    ['%F0%9F%98%80', '😀'],
    ['%27%22%5C', `'"\\`],
    ['%0A%0D', '\n\r'],
    ['%25', '%'],
    ['', ''],
  ];
  for (const [input, out] of good) it(`${JSON.stringify(input)} → ${JSON.stringify(out)}`, () => assert.equal(decodeS3Key(input), out));

  const bad = [
    '%',
    '%2',
    '%ZZ',
    'a%G1',
    '%E0%A4%A',
    '%E6%97',
    '%ED%A0%80' /* a UTF-16 surrogate */,
    '%C0%AF' /* overlong */,
    '%FF',
    '100%',
  ];
  for (const input of bad) it(`${JSON.stringify(input)} is invalid → null`, () => assert.equal(decodeS3Key(input), null));
});

describe('keys through parsing and partitioning', () => {
  const accepted: [string, string, string, { table: string; dt: string; location: string }][] = [
    [
      'quote in the file name',
      MAPPED,
      `alerts/dt=2026-11-28-09/it's "quoted".json`,
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/alerts/dt=2026-11-28-09/' },
    ],
    [
      'backslash in the file name',
      MAPPED,
      'alerts/dt=2026-11-28-09/a\\b\\\\c.json',
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/alerts/dt=2026-11-28-09/' },
    ],
    [
      'newline in the file name',
      MAPPED,
      'dt=2026-11-28-09/line\nbreak\r.json',
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/dt=2026-11-28-09/' },
    ],
    [
      'unicode in the file name',
      STAR,
      'cloudtrail/2026/11/28/09/日本語-😀.json',
      { table: 'cloudtrail', dt: '2026-11-28-09', location: 's3://test-streamalert-data/cloudtrail/2026/11/28/09/' },
    ],
    [
      '.. after the partition folder',
      MAPPED,
      'alerts/dt=2026-11-28-09/../../../etc/passwd',
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/alerts/dt=2026-11-28-09/' },
    ],
    [
      'a very long file name',
      MAPPED,
      `alerts/dt=2026-11-28-09/${'f'.repeat(5_000)}.json`,
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/alerts/dt=2026-11-28-09/' },
    ],
    [
      'a leap day',
      MAPPED,
      'dt=2028-02-29-23/x',
      { table: 'alerts', dt: '2028-02-29-23', location: 's3://test-streamalerts/dt=2028-02-29-23/' },
    ],
    [
      'space encoded as +',
      MAPPED,
      'alerts/2026/11/28/09/my file.json',
      { table: 'alerts', dt: '2026-11-28-09', location: 's3://test-streamalerts/alerts/2026/11/28/09/' },
    ],
  ];
  for (const [name, bucket, key, partition] of accepted) {
    it(`${name}: registered, nothing of the file name in the location`, () => {
      assert.deepEqual(fromNotification(bucket, encodeKey(key)), { ok: true, partition });
    });
  }

  const rejected: [string, string, string, RegExp][] = [
    // invalid percent-encoding: rejected while parsing, with the raw key quoted
    [
      'invalid percent-encoding',
      MAPPED,
      'alerts/dt%3D2026-11-28-09/%E0%A4%A.json',
      /^Records\[0\]\.s3\.object\.key "alerts\/dt%3D2026-11-28-09\/%E0%A4%A\.json" has invalid percent-encoding$/,
    ],
    ['a lone %', MAPPED, 'alerts/dt%3D2026-11-28-09/100%.json', /has invalid percent-encoding$/],
    // quotes, backslashes, newlines where a table or date must be
    [
      'quote in the table folder of a "*" bucket',
      STAR,
      encodeKey(`al'erts/dt=2026-11-28-09/x`),
      /^key "al'erts\/dt=2026-11-28-09\/x": first folder "al'erts" is not a table name \(bucket "test-streamalert-data" maps "\*"\)$/,
    ],
    [
      'double quote in the date folder',
      MAPPED,
      encodeKey('alerts/dt=2026-11-28-09"/x'),
      /^key "alerts\/dt=2026-11-28-09\\"\/x": outside every key layout/,
    ],
    [
      'backslashes instead of slashes',
      MAPPED,
      encodeKey('alerts\\dt=2026-11-28-09\\x.json'),
      /^key "alerts\\\\dt=2026-11-28-09\\\\x\.json": outside every key layout/,
    ],
    [
      'newline inside the date folder',
      MAPPED,
      encodeKey('alerts/dt=2026-11-28-09\n/x'),
      /^key "alerts\/dt=2026-11-28-09\\n\/x": outside every key layout/,
    ],
    [
      'newline in the table folder of a "*" bucket',
      STAR,
      encodeKey('alerts\n/2026/11/28/09/x'),
      /first folder "alerts\\n" is not a table name/,
    ],
    // unicode where digits or identifiers must be
    ['full-width digits in the date', MAPPED, encodeKey('dt=２０２６-11-28-09/x'), /outside every key layout/],
    ['Arabic-Indic digits in a Firehose path', MAPPED, encodeKey('alerts/٢٠٢٦/11/28/09/x'), /outside every key layout/],
    ['non-ASCII table folder', STAR, encodeKey('álerts/dt=2026-11-28-09/x'), /first folder "álerts" is not a table name/],
    // path tricks
    ['.. as the table folder', STAR, encodeKey('../dt=2026-11-28-09/x'), /first folder "\.\." is not a table name/],
    ['.. before the partition folder', MAPPED, encodeKey('alerts/../dt=2026-11-28-09/x'), /outside every key layout/],
    ['. as the date folder', MAPPED, encodeKey('alerts/./2026/11/28/09/x'), /outside every key layout/],
    ['leading slash', MAPPED, encodeKey('/alerts/dt=2026-11-28-09/x'), /outside every key layout/],
    ['empty first folder in a "*" bucket', STAR, encodeKey('/dt=2026-11-28-09/x'), /first folder "" is not a table name/],
    // outside every layout
    [
      'no partition folder',
      MAPPED,
      'alerts/x.json',
      /outside every key layout: expected \[table\/\]dt=YYYY-MM-DD-HH\/<file> or \[table\/\]YYYY\/MM\/DD\/HH\/<file>$/,
    ],
    ['dt without the hour', MAPPED, encodeKey('alerts/dt=2026-11-28/x'), /outside every key layout/],
    ['two-digit year', MAPPED, encodeKey('dt=26-11-28-09/x'), /outside every key layout/],
    ['Firehose path without the hour', MAPPED, 'alerts/2026/11/28/x.json', /outside every key layout/],
    ['partition folder with no file', MAPPED, encodeKey('alerts/dt=2026-11-28-09'), /outside every key layout/],
    ['Firehose path with no file', MAPPED, 'alerts/2026/11/28/09', /outside every key layout/],
    ['hive value with other keys', MAPPED, encodeKey('alerts/dt=2026-11-28-09,region=x/y'), /outside every key layout/],
    ['upper-case DT', MAPPED, encodeKey('alerts/DT=2026-11-28-09/x'), /outside every key layout/],
    // dates that do not exist
    [
      '30 February, hour 25',
      MAPPED,
      encodeKey('alerts/dt=2026-02-30-25/x'),
      /^key "alerts\/dt=2026-02-30-25\/x": 2026-02-30-25 is not a real date and hour$/,
    ],
    ['29 February of a common year', MAPPED, encodeKey('dt=2026-02-29-00/x'), /2026-02-29-00 is not a real date and hour/],
    ['31 April', MAPPED, encodeKey('dt=2026-04-31-00/x'), /2026-04-31-00 is not a real date and hour/],
    ['month 13', MAPPED, encodeKey('dt=2026-13-01-00/x'), /2026-13-01-00 is not a real date and hour/],
    ['month 00', MAPPED, encodeKey('dt=2026-00-01-00/x'), /2026-00-01-00 is not a real date and hour/],
    ['day 00', MAPPED, encodeKey('dt=2026-01-00-00/x'), /2026-01-00-00 is not a real date and hour/],
    ['hour 24', MAPPED, encodeKey('dt=2026-01-01-24/x'), /2026-01-01-24 is not a real date and hour/],
    ['Firehose 30 February', STAR, 'alerts/2026/02/30/00/x', /2026-02-30-00 is not a real date and hour/],
    // buckets
    [
      'a bucket not in the map',
      'someone-elses-bucket',
      'dt%3D2026-11-28-09/x',
      /^bucket "someone-elses-bucket" is not in athena_partition_refresh_config\.buckets$/,
    ],
    ['a bucket named constructor', 'constructor', 'dt%3D2026-11-28-09/x', /^bucket "constructor" is not in/],
    ['a bucket named __proto__', '__proto__', 'dt%3D2026-11-28-09/x', /^bucket "__proto__" is not in/],
    ['a bucket named toString', 'toString', 'dt%3D2026-11-28-09/x', /^bucket "toString" is not in/],
  ];
  for (const [name, bucket, encoded, reason] of rejected)
    it(name, () => assert.match(reasonOf(fromNotification(bucket, encoded) as PartitionResult), reason));

  it('a very long key outside every layout is quoted truncated', () => {
    const reason = reasonOf(partitionFor({ bucket: MAPPED, key: `alerts/${'x'.repeat(100_000)}` }, BUCKETS));
    assert.match(reason, /^key "alerts\/x{193}…": outside every key layout/);
    assert.ok(reason.length < 400, `reason is ${reason.length} chars`);
  });

  it('folder placeholders and directory markers are ignored, not rejected', () => {
    for (const key of ['alerts/dt=2026-11-28-09_$folder$', 'alerts/dt=2026-11-28-09/', 'garbage/']) {
      const parsed = parseNotification(s3Event([MAPPED, key]));
      assert.equal(parsed.ok && parsed.records[0]!.kind, 'ignored', key);
    }
  });
});

/** Finding partition folders: layouts, bucket conventions, pruning by range, list calls by structure. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverPartitions, limiter } from '../../../../src/core/backfill/discovery.js';
import { dtExpression, folderInRange, parseBound, parseRange } from '../../../../src/core/backfill/range.js';
import { cliMessage } from '../../../../src/cli/errors/messages.js';
import { UsageError } from '../../../../src/core/kernel/errors.js';
import { MemoryBuckets } from '../../../support/memory-bucket.js';

describe('range', () => {
  const bounds: [string, 'since' | 'until', string][] = [
    ['2026-11-28', 'since', '2026-11-28-00'],
    ['2026-11-28', 'until', '2026-11-28-23'],
    ['2026-11-28-09', 'since', '2026-11-28-09'],
    ['2024-02-29-23', 'until', '2024-02-29-23'],
  ];
  for (const [text, which, dt] of bounds) it(`--${which} ${text} → ${dt}`, () => assert.equal(parseBound(text, which), dt));

  for (const bad of ['2026-02-30', '2026-11-28-24', '2026/11/28', '28-11-2026', '2026-11', '', "2026-11-28' OR 1=1"]) {
    it(`refuses --since ${JSON.stringify(bad)}`, () =>
      assert.throws(
        () => parseBound(bad, 'since'),
        (e: unknown) => e instanceof UsageError && /--since must be a date YYYY-MM-DD/.test(cliMessage(e)),
      ));
  }
  it('refuses since after until', () =>
    assert.throws(
      () => parseRange('2026-11-02', '2026-11-01'),
      (e: unknown) => /is after --until/.test(cliMessage(e)),
    ));
  it('one day is its 24 hours', () =>
    assert.deepEqual(parseRange('2026-11-01', '2026-11-01'), { since: '2026-11-01-00', until: '2026-11-01-23' }));

  const folders: [string[], boolean][] = [
    [['2026'], true],
    [['2025'], false],
    [['2027'], false],
    [['2026', '10'], false],
    [['2026', '11'], true],
    [['2026', '12'], true],
    [['2026', '11', '27'], false],
    [['2026', '11', '28'], true],
    [['2026', '12', '02'], true],
    [['2026', '12', '03'], false],
  ];
  const range = { since: '2026-11-28-09', until: '2026-12-02-05' };
  for (const [parts, inside] of folders)
    it(`folder ${parts.join('/')} ${inside ? 'may hold' : 'cannot hold'} dt in ${range.since}…${range.until}`, () =>
      assert.equal(folderInRange(range, parts), inside));
  it('open bounds keep every folder', () => assert.ok(folderInRange({ since: '2026-11-28-09' }, ['2030']) && folderInRange({}, ['1999'])));

  it('Glue expression on dt', () => {
    assert.equal(dtExpression({}), undefined);
    assert.equal(dtExpression({ since: '2026-11-01-00' }), "dt >= '2026-11-01-00'");
    assert.equal(dtExpression({ since: '2026-11-01-00', until: '2026-11-30-23' }), "dt >= '2026-11-01-00' AND dt <= '2026-11-30-23'");
  });
});

const BUCKETS = {
  'acme-alerts': 'alerts',
  'acme-data': '*',
  'acme-v3': { table: '*', prefix: 'parquet/' },
};

/** `objects` files in every partition folder. */
function keys(objects: number): Record<string, string[]> {
  const files = (folder: string) => Array.from({ length: objects }, (_, i) => `${folder}part-${i}.json`);
  return {
    'acme-alerts': [
      ...files('alerts/dt=2026-11-28-09/'),
      ...files('dt=2026-11-28-10/'),
      ...files('alerts/2026/11/28/11/'),
      ...files('2025/12/31/23/'),
      'alerts/dt=2026-02-30-00/x',
      'junk/readme.txt',
      'top-level-file.txt',
    ],
    'acme-data': [
      ...files('osquery/dt=2026-11-28-09/'),
      ...files('cloudtrail/2026/11/27/00/'),
      ...files('cloudtrail/2026/11/28/01/'),
      'bad-name/dt=2026-11-28-09/x',
      'cloudtrail/2026/1/x',
    ],
    'acme-v3': [...files('parquet/cloudtrail/dt=2026-11-28-12/'), 'legacy/cloudtrail/dt=2026-11-28-12/x'],
  };
}

describe('discoverPartitions', () => {
  it('finds both layouts, with and without the table folder, under "*", named and prefixed buckets', async () => {
    const found = await discoverPartitions(BUCKETS, new MemoryBuckets(keys(3)), { range: {} });
    assert.deepEqual(
      found.partitions.map((p) => `${p.table} ${p.dt} ${p.location}`),
      [
        'alerts 2025-12-31-23 s3://acme-alerts/2025/12/31/23/',
        'alerts 2026-11-28-09 s3://acme-alerts/alerts/dt=2026-11-28-09/',
        'alerts 2026-11-28-10 s3://acme-alerts/dt=2026-11-28-10/',
        'alerts 2026-11-28-11 s3://acme-alerts/alerts/2026/11/28/11/',
        'cloudtrail 2026-11-27-00 s3://acme-data/cloudtrail/2026/11/27/00/',
        'cloudtrail 2026-11-28-01 s3://acme-data/cloudtrail/2026/11/28/01/',
        'cloudtrail 2026-11-28-12 s3://acme-v3/parquet/cloudtrail/dt=2026-11-28-12/',
        'osquery 2026-11-28-09 s3://acme-data/osquery/dt=2026-11-28-09/',
      ],
    );
    assert.deepEqual(
      found.skipped.map((s) => s.location),
      [
        's3://acme-alerts/alerts/dt=2026-02-30-00/',
        's3://acme-alerts/junk/',
        's3://acme-data/bad-name/',
        's3://acme-data/cloudtrail/2026/1/',
      ],
    );
    assert.equal(found.skippedCount, 4, 'keys outside a prefix (acme-v3/legacy/) are never listed');
    assert.match(found.skipped.find((s) => s.location.endsWith('junk/'))!.reason, /outside every key layout/);
    assert.match(found.skipped.find((s) => s.location.endsWith('2026-02-30-00/'))!.reason, /not a real date/);
    assert.match(found.skipped.find((s) => s.location.endsWith('bad-name/'))!.reason, /not a table name/);
  });

  it('lists folders, never objects: the calls depend on the folder structure, not on objects per partition', async () => {
    const one = await discoverPartitions(BUCKETS, new MemoryBuckets(keys(1)), { range: {} });
    const many = await discoverPartitions(BUCKETS, new MemoryBuckets(keys(500)), { range: {} });
    assert.equal(many.listCalls, one.listCalls);
    // 3 bucket roots (parquet/ for acme-v3) + alerts/ + a year, month and day each for 2025/12/31
    // and alerts/2026/11/28 + 3 "*" table folders (osquery/, cloudtrail/, parquet/cloudtrail/)
    // + cloudtrail's year, month and 2 days.
    assert.equal(one.listCalls, 3 + 1 + 6 + 3 + 4);
  });

  it('--since/--until skip whole years, months and days without listing them', async () => {
    const lister = new MemoryBuckets(keys(2));
    const found = await discoverPartitions(BUCKETS, lister, { range: parseRange('2026-11-28', '2026-11-28-10') });
    assert.deepEqual(
      found.partitions.map((p) => `${p.table} ${p.dt}`),
      ['alerts 2026-11-28-09', 'alerts 2026-11-28-10', 'cloudtrail 2026-11-28-01', 'osquery 2026-11-28-09'],
    );
    assert.ok(!lister.listed.some((l) => l.includes('2025/')), 'the year 2025 is not listed');
    assert.ok(!lister.listed.includes('acme-data/cloudtrail/2026/11/27/'), 'the day before --since is not listed');
    assert.ok(lister.listed.includes('acme-data/cloudtrail/2026/11/28/'), 'the day itself is');
  });

  it('--table walks only those tables, in "*" buckets too', async () => {
    const lister = new MemoryBuckets(keys(1));
    const found = await discoverPartitions(BUCKETS, lister, { range: {}, tables: new Set(['osquery']) });
    assert.deepEqual(
      found.partitions.map((p) => p.location),
      ['s3://acme-data/osquery/dt=2026-11-28-09/'],
    );
    assert.ok(!lister.listed.some((l) => l.startsWith('acme-alerts/') || l.includes('cloudtrail')), lister.listed.join('\n'));
  });

  it('follows continuation tokens: every page is listed and counted', async () => {
    const many = { 'acme-data': Array.from({ length: 25 }, (_, i) => `osquery/dt=2026-11-${String(i + 1).padStart(2, '0')}-00/x`) };
    const found = await discoverPartitions({ 'acme-data': '*' }, new MemoryBuckets(many, 10), { range: {} });
    assert.equal(found.partitions.length, 25);
    assert.equal(found.listCalls, 1 + 3, 'the root, then three pages of 10, 10 and 5 partition folders');
  });

  it('limiter runs at most n at once', async () => {
    const limit = limiter(3);
    let active = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const runs = Array.from({ length: 10 }, () =>
      limit(async () => {
        peak = Math.max(peak, ++active);
        await new Promise<void>((r) => gates.push(r));
        active--;
      }),
    );
    while (gates.length || active) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await Promise.all(runs);
    assert.equal(peak, 3);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Partition } from '../../../../src/core/partitions/partition.js';
import {
  addPartitionStatements,
  chunk,
  quoteIdentifier,
  repairStatement,
  stringLiteral,
} from '../../../../src/core/partitions/statements.js';

const p = (dt: string, table = 'alerts'): Partition => ({ table, dt, location: `s3://acme-alerts/${table}/dt=${dt}/` });

describe('statements', () => {
  it('builds one ALTER TABLE ADD IF NOT EXISTS for a table', () => {
    const [s, ...rest] = addPartitionStatements('streamalert', 'alerts', [p('2026-11-28-09'), p('2026-11-28-10')]);
    assert.equal(rest.length, 0);
    assert.equal(
      s!.sql,
      'ALTER TABLE `streamalert`.`alerts` ADD IF NOT EXISTS\n' +
        "PARTITION (dt = '2026-11-28-09') LOCATION 's3://acme-alerts/alerts/dt=2026-11-28-09/'\n" +
        "PARTITION (dt = '2026-11-28-10') LOCATION 's3://acme-alerts/alerts/dt=2026-11-28-10/'",
    );
    assert.equal(s!.partitions.length, 2);
  });

  it('splits at the byte limit and places every partition once', () => {
    const parts = Array.from({ length: 100 }, (_, i) =>
      p(`2026-01-${String((i % 28) + 1).padStart(2, '0')}-${String(i % 24).padStart(2, '0')}`),
    );
    const statements = addPartitionStatements('db', 'alerts', parts, 1_000);
    assert.ok(statements.length > 1);
    for (const s of statements) assert.ok(Buffer.byteLength(s.sql) <= 1_000, `${Buffer.byteLength(s.sql)} bytes`);
    assert.deepEqual(
      statements.flatMap((s) => s.partitions),
      parts,
    );
  });

  it('returns no statement for no partitions', () => assert.deepEqual(addPartitionStatements('db', 't', []), []));

  it('builds MSCK REPAIR TABLE', () => assert.equal(repairStatement('db', 't', [p('x')]).sql, 'MSCK REPAIR TABLE `db`.`t`'));

  const literals: [string, string][] = [
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'", "'\\\\\\''"],
    ['new\nline', "'new\\nline'"],
  ];
  for (const [input, out] of literals) it(`escapes ${JSON.stringify(input)}`, () => assert.equal(stringLiteral(input), out));

  it('rejects identifiers that are not letters, digits and underscores', () => {
    assert.equal(quoteIdentifier('alerts_1'), '`alerts_1`');
    for (const bad of ['a-b', 'a`b', 'a b', '1a', '', "x'"]) assert.throws(() => quoteIdentifier(bad), /invalid identifier/);
  });

  it('chunks', () => assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]));
});

/**
 * Property-based tests (fast-check): parsing never throws and always says why; no statement built
 * from any key or partition value holds an unescaped quote; the statement splitter stays under the
 * limit and places every partition exactly once. Runs are seeded so a failure reproduces; set
 * FC_SEED to explore other inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IDENTIFIER } from '../../../../src/core/config/schema.js';
import { decodeS3Key, parseNotification } from '../../../../src/core/partitions/notifications.js';
import { partitionFor, type Partition } from '../../../../src/core/partitions/partition.js';
import { addPartitionStatements, MAX_QUERY_BYTES, stringLiteral } from '../../../../src/core/partitions/statements.js';
import { encodeKey } from '../../../support/factories.js';

const SEED = Number(process.env.FC_SEED ?? 20261128);
const run = <T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns = 300) =>
  fc.assert(property as fc.IProperty<T>, { seed: SEED, numRuns });

// ---- a tokenizer of Hive/Athena DDL: back-quoted identifiers, string literals, and the rest ----

type Token = { kind: 'literal'; value: string; raw: string } | { kind: 'identifier'; value: string } | { kind: 'word'; value: string };

/**
 * Hive's lexer: StringLiteral = '\'' ( ~('\''|'\\') | ('\\' .) )* '\''. A literal ends at the first
 * quote not preceded by an escaping backslash; the value is unescaped like Hive's unescapeSQLString.
 * Throws on an unterminated literal or on any character the statements should never hold outside one.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error(`unterminated string literal from offset ${i}`);
        const d = sql[j]!;
        if (d === "'") break;
        if (d === '\\') {
          if (j + 1 >= sql.length) throw new Error(`dangling backslash at offset ${j}`);
          value += UNESCAPE[sql[j + 1]!] ?? sql[j + 1]!;
          j += 2;
        } else {
          value += d;
          j++;
        }
      }
      tokens.push({ kind: 'literal', value, raw: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end < 0) throw new Error(`unterminated identifier at offset ${i}`);
      tokens.push({ kind: 'identifier', value: sql.slice(i + 1, end) });
      i = end + 1;
    } else if (/\s/.test(c)) i++;
    else {
      const m = /^(?:[A-Za-z_]+|[().,=])/.exec(sql.slice(i, i + 40));
      if (!m)
        throw new Error(
          `unexpected ${JSON.stringify(c)} outside a literal at offset ${i}: ${JSON.stringify(sql.slice(Math.max(0, i - 20), i + 20))}`,
        );
      tokens.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\u0000', b: '\b', Z: '\u001a', '\\': '\\', "'": "'", '"': '"' };

/** Checks one ALTER TABLE statement's shape and returns the (dt, location) pairs it registers. */
function clausesOf(sql: string, database: string, table: string): [string, string][] {
  const tokens = tokenize(sql);
  const words = (t: Token) => (t.kind === 'word' ? t.value : t.kind === 'identifier' ? `\`${t.value}\`` : '<lit>');
  assert.equal(tokens.slice(0, 9).map(words).join(' '), `ALTER TABLE \`${database}\` . \`${table}\` ADD IF NOT EXISTS`);
  const pairs: [string, string][] = [];
  const rest = tokens.slice(9);
  for (let k = 0; k < rest.length; k += 8) {
    const c = rest.slice(k, k + 8);
    assert.equal(
      c.map(words).join(' '),
      'PARTITION ( dt = <lit> ) LOCATION <lit>',
      `clause ${k / 8} of ${JSON.stringify(sql.slice(0, 300))}`,
    );
    pairs.push([(c[4] as { value: string }).value, (c[7] as { value: string }).value]);
  }
  for (const t of tokens) if (t.kind === 'identifier') assert.match(t.value, IDENTIFIER);
  return pairs;
}

// ---- arbitraries ----

/** Any UTF-16 string, lone surrogates included. */
const anyString = (maxLength = 60) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength });
/** Code points of every plane, plus characters that matter to SQL, JSON and paths. */
const nasty = fc.constantFrom(
  "'",
  '"',
  '\\',
  '\n',
  '\r',
  '\u0000',
  '`',
  ';',
  '--',
  '%',
  '+',
  '/',
  '..',
  '%27',
  '%5C',
  '%0A',
  '%E0%A4%A',
  '%ZZ',
  '_$folder$',
  '\u2028',
  '😀',
  'é',
);
const fragment = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'alerts',
      'cloudtrail',
      'dt=2026-11-28-09',
      'dt=2028-02-29-00',
      'dt=2026-02-30-25',
      '2026',
      '11',
      '02',
      '28',
      '30',
      '09',
      '24',
      '',
      '..',
      '.',
      'x.json',
      'constructor',
    ),
  },
  { weight: 2, arbitrary: fc.array(nasty, { maxLength: 4 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: anyString(12) },
);
const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
/** A date folder in either layout, often a date that does not exist. */
const dateFolder = fc
  .tuple(fc.integer({ min: 1000, max: 9999 }).map(String), two(0, 13), two(0, 32), two(0, 25), fc.boolean())
  .map(([y, m, d, h, hive]) => (hive ? `dt=${y}-${m}-${d}-${h}` : `${y}/${m}/${d}/${h}`));
/** Keys that often fall into a layout and often nearly do. */
const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.option(fc.oneof(fc.constantFrom('alerts', 'cloudtrail', 'constructor', '_x9'), fragment), { nil: undefined }),
        dateFolder,
        fc.array(fragment, { minLength: 1, maxLength: 3 }),
      )
      .map(([table, folder, file]) => [...(table === undefined ? [] : [table]), folder, ...file].join('/')),
  },
  { weight: 1, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/')) },
);
const BUCKETS = { 'test-streamalerts': 'alerts', 'test-streamalert-data': '*' };
const bucket = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('test-streamalerts', 'test-streamalert-data') },
  { weight: 1, arbitrary: fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '') },
  { weight: 1, arbitrary: anyString(20) },
);

const DT = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})$/;
const LOCATION =
  /^s3:\/\/(test-streamalerts|test-streamalert-data)\/(?:([A-Za-z_][A-Za-z0-9_]*)\/)?(?:dt=\d{4}-\d{2}-\d{2}-\d{2}|\d{4}\/\d{2}\/\d{2}\/\d{2})\/$/;

describe('key parsing never throws and always says why', () => {
  it('parseNotification on any string', () => {
    run(
      fc.property(
        fc.oneof(
          anyString(200),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ Records: [v] })),
        ),
        (body) => {
          const parsed = parseNotification(body);
          if (!parsed.ok) {
            assert.equal(typeof parsed.reason, 'string');
            assert.ok(parsed.reason.length > 0 && parsed.reason.length < 600);
            return;
          }
          for (const r of parsed.records) {
            if (r.kind === 'rejected') assert.ok(typeof r.reason === 'string' && r.reason.length > 0);
            else if (r.kind === 'ignored')
              assert.ok(['test-event', 'not-a-create-event', 'folder-placeholder', 'directory-marker'].includes(r.reason));
            else assert.ok(typeof r.object.bucket === 'string' && typeof r.object.key === 'string' && r.object.key.length > 0);
          }
        },
      ),
      1_000,
    );
  });

  it('parseNotification on S3, SNS and EventBridge messages with any bucket and key', () => {
    const record = fc.record({
      bucket,
      rawKey: fc.oneof(key, anyString(), key.map(encodeSafe)),
      eventName: fc.constantFrom('ObjectCreated:Put', 'ObjectCreated:CompleteMultipartUpload', 'ObjectRemoved:Delete'),
    });
    run(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.constantFrom('s3', 'sns', 'eventbridge'), (records, wrapper) => {
        const s3 = JSON.stringify({
          Records: records.map((r) => ({
            eventName: r.eventName,
            eventSource: 'aws:s3',
            s3: { bucket: { name: r.bucket }, object: { key: r.rawKey } },
          })),
        });
        const r0 = records[0]!;
        const body =
          wrapper === 's3'
            ? s3
            : wrapper === 'sns'
              ? JSON.stringify({ Type: 'Notification', Message: s3 })
              : JSON.stringify({
                  source: 'aws.s3',
                  'detail-type': 'Object Created',
                  detail: { bucket: { name: r0.bucket }, object: { key: r0.rawKey } },
                });
        const parsed = parseNotification(body);
        assert.equal(parsed.ok, true);
        assert.equal(parsed.ok && parsed.records.length, wrapper === 'eventbridge' ? 1 : records.length);
        for (const r of parsed.ok ? parsed.records : []) {
          if (r.kind === 'object') {
            assert.notEqual(r.object.bucket, '');
            const result = partitionFor(r.object, BUCKETS);
            assert.equal(typeof result.ok, 'boolean');
          }
        }
      }),
    );
  });

  it('decodeS3Key on any string: a string or null, and it undoes S3 encoding', () => {
    run(
      fc.property(anyString(80), (s) => {
        const out = decodeS3Key(s);
        assert.ok(out === null || typeof out === 'string');
        if (!/[%+]/.test(s)) assert.equal(out, s);
      }),
      1_000,
    );
    run(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }).filter(isWellFormed), (s) => assert.equal(decodeS3Key(encodeKey(s)), s)),
      1_000,
    );
  });

  it('partitionFor on any bucket and key: a typed rejection, or a partition built only from validated parts', () => {
    const seen = { ok: 0, rejected: 0 };
    run(
      fc.property(bucket, fc.oneof({ weight: 4, arbitrary: key }, { weight: 1, arbitrary: anyString(100) }), (b, k) => {
        const result = partitionFor({ bucket: b, key: k }, BUCKETS);
        seen[result.ok ? 'ok' : 'rejected']++;
        if (!result.ok) {
          assert.equal(typeof result.reason, 'string');
          assert.ok(result.reason.length > 0 && result.reason.length < 700, `reason length ${result.reason.length}`);
          return;
        }
        const p = result.partition;
        assert.ok(Object.hasOwn(BUCKETS, b), `bucket ${JSON.stringify(b)} is in the map`);
        assert.equal(typeof p.table, 'string');
        assert.match(p.table, IDENTIFIER);
        const [, y, m, d, h] = DT.exec(p.dt) ?? assert.fail(`dt ${JSON.stringify(p.dt)}`);
        const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(h)));
        assert.equal(date.toISOString().slice(0, 13), `${y}-${m}-${d}T${h}`, `dt ${p.dt} is a real hour`);
        const loc = LOCATION.exec(p.location) ?? assert.fail(`location ${JSON.stringify(p.location)}`);
        assert.equal(loc[1], b);
        assert.ok(k.startsWith(p.location.slice(`s3://${b}/`.length)), 'the location is a prefix of the key');
      }),
      2_000,
    );
    // The generator reaches both outcomes often (a property that only ever rejects proves little).
    assert.ok(seen.ok > 200 && seen.rejected > 200, JSON.stringify(seen));
  });
});

describe('no statement holds an unescaped quote', () => {
  it('stringLiteral: any string is one literal that Hive reads back as the same string', () => {
    run(
      fc.property(
        fc.oneof(
          anyString(100),
          fc.array(nasty, { maxLength: 20 }).map((a) => a.join('')),
        ),
        (s) => {
          const lit = stringLiteral(s);
          const tokens = tokenize(lit);
          assert.equal(tokens.length, 1);
          assert.deepEqual(tokens[0], { kind: 'literal', value: s, raw: lit });
        },
      ),
      2_000,
    );
  });

  it('statements built from any keys: only well-formed clauses, values read back exactly', () => {
    let placed = 0;
    run(
      fc.property(fc.array(fc.tuple(bucket, key), { maxLength: 60 }), (objects) => {
        const partitions = dedupe(
          objects.flatMap(([b, k]) => {
            const r = partitionFor({ bucket: b, key: k }, BUCKETS);
            return r.ok ? [r.partition] : [];
          }),
        );
        placed += partitions.length;
        for (const [table, list] of byTable(partitions)) {
          const statements = addPartitionStatements('streamalert', table, list);
          const pairs = statements.flatMap((s) => clausesOf(s.sql, 'streamalert', table));
          assert.deepEqual(
            pairs,
            list.map((p) => [p.dt, p.location]),
          );
        }
      }),
      1_000,
    );
    assert.ok(placed > 300, `${placed} partitions were built from the keys`);
  });

  it('statements built from arbitrary partition values (no validation): still no early end of a literal', () => {
    const partition = fc.record({
      table: fc.constant('alerts'),
      dt: fc.oneof(
        anyString(30),
        fc.array(nasty, { maxLength: 8 }).map((a) => a.join('')),
      ),
      location: fc.oneof(
        anyString(80),
        fc.array(nasty, { maxLength: 12 }).map((a) => a.join('')),
      ),
    });
    run(
      fc.property(fc.array(partition, { maxLength: 20 }), (list) => {
        const pairs = addPartitionStatements('db_1', 'alerts', list).flatMap((s) => clausesOf(s.sql, 'db_1', 'alerts'));
        assert.deepEqual(
          pairs,
          list.map((p) => [p.dt, p.location]),
        );
      }),
      1_000,
    );
  });
});

describe('the statement splitter', () => {
  // Big enough that many runs need several statements: up to 400 locations of up to 3,000 characters.
  const location = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 800, size: 'max' }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 3_000, size: 'max' }),
  );
  const partitions = fc.array(location, { maxLength: 400, size: 'max' }).map((locations) =>
    locations.map((loc, i) => ({
      dt: `2026-11-${String((i % 28) + 1).padStart(2, '0')}-${String(i % 24).padStart(2, '0')}`,
      location: loc,
    })),
  );

  function checkSplit(list: Partition[], maxBytes: number) {
    const statements = addPartitionStatements('streamalert', 'alerts', list, maxBytes);
    for (const s of statements) {
      assert.ok(s.partitions.length > 0, 'no empty statement');
      assert.ok(Buffer.byteLength(s.sql) <= maxBytes, `statement of ${Buffer.byteLength(s.sql)} bytes > ${maxBytes}`);
      assert.deepEqual(
        clausesOf(s.sql, 'streamalert', 'alerts'),
        s.partitions.map((p) => [p.dt, p.location]),
      );
    }
    // every partition exactly once, in order
    const placed = statements.flatMap((s) => s.partitions);
    assert.equal(placed.length, list.length);
    placed.forEach((p, i) => assert.equal(p, list[i]));
    // greedy: a statement was closed only because the next clause did not fit
    for (let i = 0; i + 1 < statements.length; i++) {
      const next = statements[i + 1]!.partitions[0]!;
      const clause = `PARTITION (dt = ${stringLiteral(next.dt)}) LOCATION ${stringLiteral(next.location)}`;
      assert.ok(
        Buffer.byteLength(statements[i]!.sql) + 1 + Buffer.byteLength(clause) > maxBytes,
        `statement ${i} had room for the next clause`,
      );
    }
    return statements;
  }

  it(`never exceeds ${MAX_QUERY_BYTES.toLocaleString('en')} bytes and places every partition exactly once`, () => {
    let multi = 0;
    run(
      fc.property(partitions, (raw) => {
        const list = raw.map((p) => ({ table: 'alerts', ...p }));
        if (checkSplit(list, MAX_QUERY_BYTES).length > 1) multi++;
      }),
      25,
    );
    assert.ok(multi > 0, 'some runs needed more than one statement');
  });

  it('with small limits too; a clause that cannot fit any statement is an error, not a dropped partition', () => {
    const small = fc.tuple(
      fc.array(fc.record({ dt: anyString(10), location: anyString(120) }), { maxLength: 40 }),
      fc.integer({ min: 40, max: 3_000 }),
    );
    let rejected = 0;
    run(
      fc.property(small, ([raw, maxBytes]) => {
        const list = raw.map((p) => ({ table: 'alerts', ...p }));
        const head = Buffer.byteLength('ALTER TABLE `streamalert`.`alerts` ADD IF NOT EXISTS');
        const tooBig = list.some(
          (p) => head + 1 + Buffer.byteLength(`PARTITION (dt = ${stringLiteral(p.dt)}) LOCATION ${stringLiteral(p.location)}`) > maxBytes,
        );
        if (tooBig) {
          rejected++;
          assert.throws(
            () => addPartitionStatements('streamalert', 'alerts', list, maxBytes),
            new RegExp(`one partition clause is larger than ${maxBytes} bytes`),
          );
        } else checkSplit(list, maxBytes);
      }),
      1_000,
    );
    assert.ok(rejected > 0 && rejected < 1_000, `both branches ran (${rejected} rejected)`);
  });

  it('at exactly the limit: a statement of 262,144 bytes is kept whole, one more byte splits it', () => {
    const head = 'ALTER TABLE `streamalert`.`alerts` ADD IF NOT EXISTS';
    const clauseBytes = (loc: string) => Buffer.byteLength(`PARTITION (dt = '2026-11-28-09') LOCATION '${loc}'`) + 1;
    const base = clauseBytes('');
    // two clauses whose statement is exactly MAX_QUERY_BYTES
    const total = MAX_QUERY_BYTES - Buffer.byteLength(head);
    let firstLength = Math.floor(total / 2) - base;
    if ((total - 2 * base - firstLength) % 2) firstLength++;
    const first = 'a'.repeat(firstLength);
    const second = 'é'.repeat((total - clauseBytes(first) - base) / 2); // 2 bytes each
    const list = [first, second].map((location) => ({ table: 'alerts', dt: '2026-11-28-09', location }));
    const whole = addPartitionStatements('streamalert', 'alerts', list);
    assert.equal(whole.length, 1);
    assert.equal(Buffer.byteLength(whole[0]!.sql), MAX_QUERY_BYTES);
    list[1]!.location += 'b';
    assert.equal(addPartitionStatements('streamalert', 'alerts', list).length, 2);
  });
});

function encodeSafe(s: string): string {
  return isWellFormed(s) ? encodeKey(s) : s;
}

function isWellFormed(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

function dedupe(list: Partition[]): Partition[] {
  const seen = new Map<string, Partition>();
  for (const p of list) if (!seen.has(`${p.table}/${p.dt}`)) seen.set(`${p.table}/${p.dt}`, p);
  return [...seen.values()];
}

function byTable(list: Partition[]): Map<string, Partition[]> {
  const m = new Map<string, Partition[]>();
  for (const p of list) m.set(p.table, [...(m.get(p.table) ?? []), p]);
  return m;
}

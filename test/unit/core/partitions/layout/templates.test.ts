/** Layout templates and the layout keys of schema files: what parses, and every config error. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableSchema, tableSchemaFile } from '../../../../../src/core/config/table-schemas.js';
import { validate } from '../../../../../src/core/config/read-json.js';
import { ConfigError } from '../../../../../src/core/kernel/errors.js';
import { parseDateFormat } from '../../../../../src/core/partitions/layout/date-format.js';
import { parseTemplate } from '../../../../../src/core/partitions/layout/template.js';

describe('parseTemplate', () => {
  const shapes: [string, string[], boolean][] = [
    // template → segment token kinds, folder
    ['{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/', ['key', 'text', 'key', 'date', 'date', 'date'], true],
    ['dt={dt:yyyy-MM-dd-HH}/', ['text+date+text+date+text+date+text+date'], true],
    ['{dt:yyyy/MM/dd/HH}/', ['date', 'date', 'date', 'date'], true],
    ['aws-account-id={account}/aws-service=vpcflowlogs/', ['text+key', 'text'], true],
    ['{account}/CloudTrail-Digest', ['key', 'text'], false],
    ['{d:yyyyMMdd}/', ['date+date+date'], true],
  ];
  for (const [text, kinds, folder] of shapes) {
    it(text, () => {
      const r = parseTemplate(text);
      assert.ok(r.ok, r.ok ? '' : r.problem);
      assert.deepEqual(
        r.template.segments.map((s) => s.map((t) => t.kind).join('+')),
        kinds,
      );
      assert.equal(r.template.folder, folder);
    });
  }

  const bad: [string, RegExp][] = [
    ['', /is empty/],
    ['/{a}/', /starts with "\/"/],
    ['{a}{b}/', /nothing between them/],
    ['{a}/{a}/', /uses \{a\} twice/],
    ['{a/', /"\{" without its "\}"/],
    ['a}/', /"\}" without its "\{"/],
    ['{1a}/', /not a key name/],
    ['{a}//{b}/', /empty folder/],
    ['{a}/../{b}/', /"\." or "\.\." folder/],
    ['{d:yyyy/mm/dd}/', /"mm" in date format/],
    ['{d:MM/yyyy}/', /units go yyyy, MM, dd, HH in that order/],
    ['{d:yyyy/dd}/', /found dd where MM was expected/],
    ['{d:yy}/', /"yy" in date format/],
    ["{d:yyyy'x'}/", /' is not allowed/],
    ['{d:/}/', /has no yyyy/],
    ['{a}x\u0001/', /control character/],
  ];
  for (const [text, problem] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const r = parseTemplate(text);
      assert.equal(r.ok, false);
      assert.match((r as { problem: string }).problem, problem);
    });
  }

  it('gives the finest unit of a date format', () => {
    const units = ['yyyy', 'yyyy/MM', 'yyyy/MM/dd', 'yyyy-MM-dd-HH'].map((f) => {
      const r = parseDateFormat(f);
      return r.ok ? r.format.finest : r.problem;
    });
    assert.deepEqual(units, ['y', 'M', 'd', 'H']);
  });
});

describe('schema files with layouts', () => {
  const FILE = '/conf/schemas/t.json';
  const base = { format: 'json', columns: { message: 'string' }, location: 's3://acme-logs/AWSLogs/' };
  const load = (extra: Record<string, unknown>) => tableSchema('t', FILE, validate(tableSchemaFile, { ...base, ...extra }, FILE));

  it('reads keys in order, the location and the layout', () => {
    const s = load({
      partition_keys: { account: 'string', region: 'string', day: 'string' },
      partition_layout: '{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/',
    });
    assert.deepEqual(s.layout?.keys, [
      { name: 'account', type: 'string' },
      { name: 'region', type: 'string' },
      { name: 'day', type: 'string' },
    ]);
    assert.equal(s.layout?.bucket, 'acme-logs');
    assert.equal(s.layout?.prefix, 'AWSLogs/');
  });

  it('keeps files without layout keys as they were (no layout)', () => {
    assert.equal(load({}).layout, undefined);
  });

  it('gives a layout without partition_keys the one key dt', () => {
    assert.deepEqual(load({ partition_layout: '{dt:yyyy/MM/dd/HH}/' }).layout?.keyNames, ['dt']);
  });

  const errors: [string, Record<string, unknown>, string, RegExp][] = [
    // case, extra keys → key path named, message
    ['keys without a layout', { partition_keys: { a: 'string' } }, 'partition_keys', /needs "partition_layout"/],
    ['projection without a layout', { projection: true }, 'projection', /needs "partition_layout"/],
    ['a layout without location', { location: undefined, partition_layout: '{dt:yyyy/MM/dd/HH}/' }, 'partition_layout', /needs "location"/],
    [
      'a key missing from the layout',
      { partition_keys: { a: 'string', b: 'string' }, partition_layout: '{a}/' },
      'partition_layout',
      /partition key b is not in the layout/,
    ],
    [
      'a placeholder not among the keys',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/{b}/' },
      'partition_layout',
      /\{b\} is not in partition_keys \(a\)/,
    ],
    ['a layout that is not a folder', { partition_keys: { a: 'string' }, partition_layout: '{a}' }, 'partition_layout', /must end in "\/"/],
    [
      'a date format on an int key',
      { partition_keys: { y: 'int' }, partition_layout: '{y:yyyy}/' },
      'partition_layout',
      /y is int; a date format needs a string or date key/,
    ],
    [
      'a date key not written yyyy-MM-dd',
      { partition_keys: { d: 'date' }, partition_layout: '{d:yyyy/MM/dd}/' },
      'partition_layout',
      /write it \{d:yyyy-MM-dd\}/,
    ],
    [
      'a key that is also a column',
      { partition_keys: { message: 'string' }, partition_layout: '{message}/' },
      'partition_keys',
      /"message" is also a column/,
    ],
    [
      'keys differing in case only',
      { partition_keys: { a: 'string', A: 'string' }, partition_layout: '{a}/{A}/' },
      'partition_keys',
      /differ in more than letter case/,
    ],
    [
      'an ignore layout over the data',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/data/', ignore_layouts: ['{a}/'] },
      'ignore_layouts[0]',
      /overlaps partition_layout/,
    ],
    [
      'a broken ignore layout',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/', ignore_layouts: ['{x'] },
      'ignore_layouts[0]',
      /without its "\}"/,
    ],
    [
      'projection keys without projection',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/', projection_keys: { a: { values: ['x'] } } },
      'projection_keys',
      /only applies with "projection": true/,
    ],
    [
      'projection settings for an unknown key',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/', projection: true, projection_keys: { b: {} } },
      'projection_keys.b',
      /not in partition_keys/,
    ],
    [
      'a projected placeholder not ending its folder',
      { partition_keys: { a: 'string' }, partition_layout: '{a}-x/', projection: true },
      'projection',
      /each placeholder to end its folder/,
    ],
    [
      'a projected int key without range',
      { partition_keys: { n: 'int' }, partition_layout: 'n={n}/', projection: true },
      'projection_keys.n',
      /needs "range"/,
    ],
    [
      'enum values with a comma',
      { partition_keys: { a: 'string' }, partition_layout: '{a}/', projection: true, projection_keys: { a: { values: ['x,y'] } } },
      'projection_keys.a',
      /hold no comma/,
    ],
    [
      'a date range of one element',
      { partition_keys: { d: 'string' }, partition_layout: '{d:yyyy/MM/dd}/', projection: true, projection_keys: { d: { range: 'NOW' } } },
      'projection_keys.d',
      /two dates/,
    ],
    [
      'type enum on a date',
      {
        partition_keys: { d: 'string' },
        partition_layout: '{d:yyyy/MM/dd}/',
        projection: true,
        projection_keys: { d: { type: 'enum', values: ['x'] } },
      },
      'projection_keys.d',
      /projection type is date, not enum/,
    ],
    [
      'format without columns',
      { columns: undefined, partition_layout: '{dt:yyyy/MM/dd/HH}/' },
      'columns',
      /give "format" and "columns" together/,
    ],
    [
      'a layout-only file with projection',
      { format: undefined, columns: undefined, partition_layout: '{dt:yyyy/MM/dd/HH}/', projection: true },
      'projection',
      /give "format" and "columns"/,
    ],
  ];
  for (const [name, extra, key, message] of errors) {
    it(`names the file and key for ${name}`, () => {
      assert.throws(
        () => load(extra),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.equal(err.file, FILE);
          assert.equal(err.keyPath, key);
          assert.match(err.message, message);
          assert.ok(err.message.startsWith(`${FILE}: invalid configuration`), err.message);
          return true;
        },
      );
    });
  }

  it('rejects a partition key type outside string, int, bigint, date', () => {
    assert.throws(
      () => load({ partition_keys: { a: 'timestamp' }, partition_layout: '{a}/' }),
      /partition_keys\.a: a partition key's type is one of string, int, bigint, date/,
    );
  });
});

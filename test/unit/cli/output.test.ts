/** The CLI's JSON printer (schema_version), the spinner's colour, and monitor's chart. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartColumns } from '../../../src/cli/commands/athena-monitor/action.js';
import { parseTime } from '../../../src/cli/commands/schedule/action.js';
import { fitSeries, renderChart } from '../../../src/cli/commands/athena-monitor/monitor-chart.js';
import { SCHEMA_VERSION, spinnerOptions, withSchemaVersion } from '../../../src/cli/output.js';
import { jsonDocument, snakeCase } from '../../../src/cli/json-document.js';
import type { PeriodRow } from '../../../src/core/monitor/types.js';

describe('withSchemaVersion', () => {
  it('puts schema_version first in every output object', () => {
    const out = withSchemaVersion({ status: 'ok', rows: [] }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['schema_version', 'status', 'rows']);
    assert.equal(out.schema_version, SCHEMA_VERSION);
    assert.equal(SCHEMA_VERSION, 2);
  });
  it('leaves arrays and scalars alone', () => {
    assert.deepEqual(withSchemaVersion([1, 2]), [1, 2]);
    assert.equal(withSchemaVersion(null), null);
  });
});

describe('spinnerOptions', () => {
  it('no spinner colour under NO_COLOR', () => assert.equal(spinnerOptions('x', { NO_COLOR: '1' }).color, false));
  it('cyan otherwise', () => assert.equal(spinnerOptions('x', {}).color, 'cyan'));
});

describe('chartColumns: when monitor draws its chart', () => {
  const cases: [string, boolean | undefined, boolean, { isTTY?: boolean; columns?: number }, number | undefined][] = [
    ['a wide terminal', undefined, false, { isTTY: true, columns: 120 }, 120],
    ['a narrow terminal', undefined, false, { isTTY: true, columns: 60 }, undefined],
    ['a pipe', undefined, false, { isTTY: false }, undefined],
    ['a pipe with --chart', true, false, { isTTY: false }, 80],
    ['a narrow terminal with --chart', true, false, { isTTY: true, columns: 60 }, 60],
    ['--no-chart', false, false, { isTTY: true, columns: 120 }, undefined],
    ['JSON, even with --chart', true, true, { isTTY: true, columns: 120 }, undefined],
  ];
  for (const [name, chart, json, stdout, expected] of cases) it(name, () => assert.equal(chartColumns(chart, json, stdout), expected));
});

function rows(values: [number | null, number | null, number | null, number | null][]): PeriodRow[] {
  return values.map(([sent, received, deleted, backlogMax], i) => ({
    start: new Date(Date.UTC(2026, 10, 29, i)).toISOString(),
    end: new Date(Date.UTC(2026, 10, 29, i + 1)).toISOString(),
    partial: false,
    seconds: 3600,
    sent,
    received,
    deleted,
    backlogMax,
    oldestAgeMaxSeconds: null,
  }));
}

describe('monitor chart', () => {
  it('widens a short window and sums a long one into columns (the backlog by its maximum); no data is 0', () => {
    const short = fitSeries(
      rows([
        [1, 1, 1, 5],
        [2, 2, null, 7],
      ]),
      10,
    );
    assert.deepEqual(short.sent, [1, 1, 1, 1, 2, 2, 2, 2]);
    assert.deepEqual(short.deleted, [1, 1, 1, 1, 0, 0, 0, 0]);
    const long = fitSeries(rows(Array.from({ length: 30 }, (_, i) => [i, 1, 1, i] as [number, number, number, number])), 10);
    assert.equal(long.perColumn, 3);
    assert.deepEqual(long.sent.slice(0, 2), [0 + 1 + 2, 3 + 4 + 5]);
    assert.deepEqual(long.backlog.slice(0, 2), [2, 5]);
  });

  it('draws deleted below sent when deleted falls behind, each series with its letter without colour', () => {
    const chart = renderChart(rows(Array.from({ length: 12 }, () => [1000, 1000, 100, 50] as [number, number, number, number])), {
      columns: 80,
      colour: false,
    })!;
    assert.match(chart, /messages per period: s sent {3}r received {3}d deleted/);
    assert.match(chart, /b backlog \(max\)/);
    const lines = chart.split('\n');
    const row = (letter: string) => lines.findIndex((l) => new RegExp(`┤.*${letter}{4}`).test(l) || new RegExp(`┼.*${letter}{4}`).test(l));
    // received is drawn over sent (same values): the deleted line sits lower than that.
    assert.ok(row('r') >= 0 && row('d') > row('r'), chart);
    assert.match(chart, /2026-11-29 00:00 UTC … 2026-11-29 11:00/);
    assert.doesNotMatch(chart, /\x1b\[/, 'no colour codes');
  });

  it('uses colour when it is on', () => {
    const chart = renderChart(
      rows([
        [3, 2, 1, 0],
        [3, 2, 1, 0],
      ]),
      { columns: 80, colour: true },
    )!;
    assert.match(chart, /\x1b\[36m/);
  });
});

describe('schedule --from', () => {
  const cases: [string, string | RegExp][] = [
    ['2026-11-29T12:00:00Z', '2026-11-29T12:00:00.000Z'],
    ['2026-11-29T12:00', '2026-11-29T12:00:00.000Z'],
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T13:00+01:00', '2026-11-29T12:00:00.000Z'],
    ['yesterday', /--from must be an ISO 8601 time/],
    ['2026-13-01', /not a valid time/],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      if (typeof expected === 'string') assert.equal(parseTime(text).toISOString(), expected);
      else assert.throws(() => parseTime(text), expected);
    });
  }
});

describe('jsonDocument: snake_case field names at the JSON edge, data keys kept', () => {
  const names: [string, string][] = [
    ['dryRun', 'dry_run'],
    ['previousVersion', 'previous_version'],
    ['codeSha256', 'code_sha256'],
    ['sha256Hex', 'sha256_hex'],
    ['queryExecutionId', 'query_execution_id'],
    ['schema_version', 'schema_version'],
    ['test-streamalerts', 'test-streamalerts'],
    ['CostCenter', 'CostCenter'],
    ['aws:SourceArn', 'aws:SourceArn'],
  ];
  for (const [name, expected] of names) it(`${name} → ${expected}`, () => assert.equal(snakeCase(name), expected));

  it('converts nested fields and array items, keeps the keys of data maps and tags', () => {
    const doc = jsonDocument(
      {
        dryRun: true,
        partitions: { myTable: ['2026'] },
        tables: { fooBar: { keptCount: 1, byDay: { dayOne: 1 } } },
        tags: { costCenter: 'x' },
        calls: [{ queryExecutionId: 'q' }],
      },
      { dataKeys: ['partitions', 'tables', 'tables.*.by_day'] },
    );
    assert.deepEqual(doc, {
      dry_run: true,
      partitions: { myTable: ['2026'] },
      tables: { fooBar: { kept_count: 1, by_day: { dayOne: 1 } } },
      tags: { costCenter: 'x' },
      calls: [{ query_execution_id: 'q' }],
    });
  });
});

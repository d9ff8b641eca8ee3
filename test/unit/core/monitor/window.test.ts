/** Durations typed on the command line and the rows of the window `athena monitor` reads. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliMessage } from '../../../../src/cli/errors/messages.js';
import { UsageError } from '../../../../src/core/kernel/errors.js';
import { formatAge, formatDuration, formatEvery, parseDuration } from '../../../../src/core/monitor/duration.js';
import { planWindow } from '../../../../src/core/monitor/window.js';

describe('parseDuration', () => {
  const table: [string, number | null][] = [
    ['24h', 86_400],
    ['1h', 3600],
    ['30m', 1800],
    ['90s', 90],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['1h30m', 5400],
    [' 1H ', 3600],
    ['0m', null],
    ['24', null],
    ['h', null],
    ['1.5h', null],
    ['-1h', null],
    ['1 hour', null],
    ['', null],
  ];
  for (const [text, seconds] of table) it(`"${text}" → ${seconds}`, () => assert.equal(parseDuration(text), seconds));
});

describe('formatting', () => {
  const durations: [number, string][] = [
    [3600, '1h'],
    [5400, '1h30m'],
    [86_400, '1d'],
    [90, '1m30s'],
    [0, '0s'],
  ];
  for (const [s, text] of durations) it(`formatDuration(${s}) = ${text}`, () => assert.equal(formatDuration(s), text));
  const ages: [number, string][] = [
    [45, '45s'],
    [720, '12m'],
    [11_100, '3h 5m'],
    [7200, '2h'],
    [187_200, '2d 4h'],
  ];
  for (const [s, text] of ages) it(`formatAge(${s}) = ${text}`, () => assert.equal(formatAge(s), text));
  const every: [number, string][] = [
    [60, 'minute'],
    [120, '2 minutes'],
    [3600, 'hour'],
    [10_800, '3 hours'],
    [86_400, 'day'],
    [90, '90 seconds'],
  ];
  for (const [s, text] of every) it(`formatEvery(${s}) = ${text}`, () => assert.equal(formatEvery(s), text));
});

describe('planWindow', () => {
  it('24h in 1h periods mid-hour: 25 aligned rows, the last one partial', () => {
    const w = planWindow(new Date('2026-03-02T12:30:00Z'), 86_400, 3600);
    assert.equal(w.start.toISOString(), '2026-03-01T12:00:00.000Z');
    assert.equal(w.end.toISOString(), '2026-03-02T13:00:00.000Z');
    assert.equal(w.rowCount, 25);
    assert.equal(w.recentPeriodSeconds, 60);
  });
  it('on a boundary: exactly the window, no partial row', () => {
    const w = planWindow(new Date('2026-03-02T12:00:00Z'), 86_400, 3600);
    assert.equal(w.start.toISOString(), '2026-03-01T12:00:00.000Z');
    assert.equal(w.end.toISOString(), '2026-03-02T12:00:00.000Z');
    assert.equal(w.rowCount, 24);
  });
  it('daily periods start at midnight UTC', () => {
    const w = planWindow(new Date('2026-03-02T12:30:00Z'), 7 * 86_400, 86_400);
    assert.equal(w.start.toISOString(), '2026-02-23T00:00:00.000Z');
    assert.equal(w.rowCount, 8);
  });
  it('past 15 days the "now" query uses 5-minute points', () => {
    assert.equal(planWindow(new Date('2026-03-02T12:30:00Z'), 30 * 86_400, 86_400).recentPeriodSeconds, 300);
  });
  const bad: [string, number, number, RegExp][] = [
    ['period not whole minutes', 86_400, 90, /whole minutes/],
    ['period below a minute', 3600, 30, /whole minutes/],
    ['window shorter than period', 1800, 3600, /shorter than --period/],
    ['too many rows', 7 * 86_400, 60, /at most 1440: use --period 8m or longer/],
    ['1-minute periods past 15 days', 20 * 86_400, 60 * 7, /multiple of 5m/],
    ['beyond retention', 500 * 86_400, 86_400, /455 days/],
  ];
  for (const [name, window, period, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => planWindow(new Date('2026-03-02T12:30:00Z'), window, period),
        (err: unknown) => err instanceof UsageError && message.test(cliMessage(err)),
      );
    });
  }
});

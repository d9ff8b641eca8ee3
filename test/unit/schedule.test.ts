import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRun, parseSchedule, rateExpression } from '../../src/core/schedule.js';

describe('parseSchedule', () => {
  const valid: [string, number | null][] = [
    ['rate(1 minute)', 60_000],
    ['rate(10 minutes)', 600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['cron(0/15 * * * ? *)', null],
    ['cron(0 10 ? * MON-FRI *)', null],
    ['cron(0 8 ? * 6#3 2027)', null],
    ['cron(0 18 L * ? *)', null],
  ];
  for (const [expr, ms] of valid) {
    it(`accepts ${expr}`, () => {
      const r = parseSchedule(expr);
      assert.ok(r.ok, JSON.stringify(r));
      if (ms !== null) assert.equal(r.ok && r.schedule.kind === 'rate' && r.schedule.intervalMs, ms);
    });
  }
  const invalid: [string, RegExp][] = [
    ['rate(1 minutes)', /singular/],
    ['rate(5 minute)', /plural/],
    ['rate(0 minutes)', /positive/],
    ['rate(5 weeks)', /not a schedule expression/],
    ['every 5 minutes', /not a schedule expression/],
    ['cron(0 10 * * *)', /has 5 field/],
    ['cron(0 10 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 10 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(61 10 ? * MON *)', /.+/],
    ['cron(0 10 ? * MON; *)', /invalid dayOfWeek/],
  ];
  for (const [expr, reason] of invalid) {
    it(`rejects ${expr}`, () => {
      const r = parseSchedule(expr);
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, reason);
    });
  }
});

describe('nextRun', () => {
  const from = new Date('2026-11-28T09:07:30Z'); // a Saturday
  const cases: [string, string | null][] = [
    ['rate(10 minutes)', '2026-11-28T09:17:30.000Z'],
    ['cron(0/15 * * * ? *)', '2026-11-28T09:15:00.000Z'],
    ['cron(0 10 ? * MON-FRI *)', '2026-11-30T10:00:00.000Z'],
    ['cron(0 10 ? * 2 *)', '2026-11-30T10:00:00.000Z'], // 2 = Monday in EventBridge numbering
    ['cron(0 0 1 1 ? 2028)', '2028-01-01T00:00:00.000Z'],
    ['cron(0 0 1 1 ? 2020)', null],
  ];
  for (const [expr, next] of cases) {
    it(`${expr} after ${from.toISOString()}`, () => {
      const r = parseSchedule(expr);
      assert.ok(r.ok);
      assert.equal(nextRun(r.schedule, from)?.toISOString() ?? null, next);
    });
  }
});

describe('rateExpression', () => {
  for (const [m, e] of [[0.2, 'rate(1 minute)'], [1, 'rate(1 minute)'], [2.9, 'rate(2 minutes)'], [60, 'rate(60 minutes)']] as const) {
    it(`${m} → ${e}`, () => assert.equal(rateExpression(m), e));
  }
});

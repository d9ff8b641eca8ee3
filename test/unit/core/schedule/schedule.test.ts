import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRun, nextRuns, parseSchedule, rateExpression } from '../../../../src/core/schedule/schedule.js';
import { impossibleDays } from '../../../../src/core/schedule/never.js';

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
    ['cron(0 12 15W * ? *)', null], // nearest weekday to the 15th (refused before: cron-parser lacks W)
    ['cron(0 12 LW * ? *)', null],
    ['cron(0 8 ? * 1-7/2 *)', null],
    ['cron(0 8 ? * L *)', null],
    ['cron(0/30 20-2 ? * MON-FRI *)', null], // a range that wraps past midnight (the user guide's example)
    ['cron(0 8 ? * mon-fri *)', null],
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
    ['cron()', /has 0 field/],
    ['cron(0 10 * * *)', /has 5 field/],
    ['cron(0 10 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 10 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 10 15W * MON *)', /exactly one of day-of-month and day-of-week/],
    ['cron(61 10 ? * MON *)', /minutes field: 61 is out of range \(values 0-59\)/],
    ['cron(0 24 * * ? *)', /hours field: 24 is out of range/],
    ['cron(0 0 32 * ? *)', /day-of-month field: 32 is out of range/],
    ['cron(0 0 32W * ? *)', /day-of-month field: 32 is out of range/],
    ['cron(0 0 1 13 ? *)', /month field: 13 is out of range \(values 1-12 or JAN-DEC\)/],
    ['cron(0 0 1 * ? 1969)', /year field: 1969 is out of range \(values 1970-2199\)/],
    ['cron(0 0 1 * ? 2200)', /year field: 2200 is out of range/],
    ['cron(0 8 ? * 8 *)', /day-of-week field: 8 is out of range \(values 1-7 or SUN-SAT, 1 = SUN\)/],
    ['cron(0 8 ? * 0 *)', /day-of-week field: 0 is out of range/],
    ['cron(0 8 ? * 8L *)', /day-of-week field: 8 is out of range/],
    ['cron(0 8 ? * 2#6 *)', /the number after # must be 1 to 5/],
    ['cron(0 8 ? * 3#1,6#3 *)', /# takes one day and one number .* stands alone/],
    ['cron(0 8 ? * 6L,2 *)', /L stands alone/],
    ['cron(0 0 1W,15 * ? *)', /L and W stand alone/],
    ['cron(0 0 L-3 * ? *)', /L and W stand alone/],
    ['cron(0/0 * * * ? *)', /the step after "\/" must be a whole number from 1 to 60/],
    ['cron(? 0 1 * ? *)', /minutes field: "\?" is only for day-of-month or day-of-week/],
    ['cron(0 10 ? * MON; *)', /day-of-week field: "MON;" is not a number or a name/],
    ['cron(0 10 ? * 1-2-3 *)', /day-of-week field: "1-2-3" is not a range/],
    ['cron(0 10 1,,2 * ? *)', /day-of-month field: empty item/],
  ];
  for (const [expr, reason] of invalid) {
    it(`rejects ${expr}`, () => {
      const r = parseSchedule(expr);
      assert.equal(r.ok, false, `${expr} was accepted`);
      assert.match((r as { reason: string }).reason, reason);
    });
  }
});

/**
 * The EventBridge user guide's examples ("Cron expressions": the examples table, the wildcard
 * descriptions and the put-rule examples) and the Lambda guide's (first Monday: 2#1), each with the
 * times it fires after a given moment. 2026-11-27 is a Friday.
 */
describe('nextRuns: the EventBridge documentation examples', () => {
  const cases: [string, string, string, string[]][] = [
    ['10:00 every day', 'cron(0 10 * * ? *)', '2026-11-27T17:52:00Z', ['2026-11-28T10:00', '2026-11-29T10:00', '2026-11-30T10:00']],
    ['12:15 every day', 'cron(15 12 * * ? *)', '2026-11-27T17:52:00Z', ['2026-11-28T12:15', '2026-11-29T12:15']],
    [
      '18:00 Monday through Friday',
      'cron(0 18 ? * MON-FRI *)',
      '2026-11-27T17:52:00Z',
      ['2026-11-27T18:00', '2026-11-30T18:00', '2026-12-01T18:00'],
    ],
    ['8:00 on the 1st of the month', 'cron(0 8 1 * ? *)', '2026-11-27T17:52:00Z', ['2026-12-01T08:00', '2027-01-01T08:00']],
    ['every 15 minutes', 'cron(0/15 * * * ? *)', '2026-11-27T17:52:00Z', ['2026-11-27T18:00', '2026-11-27T18:15', '2026-11-27T18:30']],
    [
      'every 10 minutes Monday through Friday',
      'cron(0/10 * ? * MON-FRI *)',
      '2026-11-27T23:45:00Z',
      ['2026-11-27T23:50', '2026-11-30T00:00', '2026-11-30T00:10'],
    ],
    [
      'every 5 minutes Mon-Fri 8:00-17:55',
      'cron(0/5 8-17 ? * MON-FRI *)',
      '2026-11-27T17:52:00Z',
      ['2026-11-27T17:55', '2026-11-30T08:00', '2026-11-30T08:05'],
    ],
    [
      'every 30 minutes Mon-Fri, hours 20 to 2 (a wrapping range)',
      'cron(0/30 20-2 ? * MON-FRI *)',
      '2026-12-01T23:10:00Z',
      [
        '2026-12-01T23:30',
        '2026-12-02T00:00',
        '2026-12-02T00:30',
        '2026-12-02T01:00',
        '2026-12-02T01:30',
        '2026-12-02T02:00',
        '2026-12-02T02:30',
        '2026-12-02T20:00',
      ],
    ],
    ['12:00 every day (put-rule)', 'cron(0 12 * * ? *)', '2026-11-27T12:00:00Z', ['2026-11-28T12:00']],
    [
      '14:05 and 14:35 every day (put-rule)',
      'cron(5,35 14 * * ? *)',
      '2026-11-27T14:10:00Z',
      ['2026-11-27T14:35', '2026-11-28T14:05', '2026-11-28T14:35'],
    ],
    [
      '10:15 on the last Friday of each month, 2019-2022 (put-rule)',
      'cron(15 10 ? * 6L 2019-2022)',
      '2022-11-01T00:00:00Z',
      ['2022-11-25T10:15', '2022-12-30T10:15'],
    ],
    [
      '9:00 on the first Monday of each month (2#1)',
      'cron(0 9 ? * 2#1 *)',
      '2026-11-27T17:52:00Z',
      ['2026-12-07T09:00', '2027-01-04T09:00'],
    ],
    [
      '1/10: every tenth minute from minute 1',
      'cron(1/10 * * * ? *)',
      '2026-11-27T17:52:00Z',
      ['2026-11-27T18:01', '2026-11-27T18:11', '2026-11-27T18:21'],
    ],
    ['3#2: the second Tuesday', 'cron(0 0 ? * 3#2 *)', '2026-11-27T17:52:00Z', ['2026-12-08T00:00', '2027-01-12T00:00']],
    [
      '3W: the weekday closest to the 3rd (Sat → Fri 2nd, Sun → Mon 4th)',
      'cron(0 0 3W * ? *)',
      '2026-09-30T00:00:00Z',
      ['2026-10-02T00:00', '2026-11-03T00:00', '2026-12-03T00:00', '2027-01-04T00:00', '2027-02-03T00:00'],
    ],
    ['L: the last day of the month', 'cron(0 18 L * ? *)', '2027-01-31T18:00:00Z', ['2027-02-28T18:00', '2027-03-31T18:00']],
    [
      'L in day-of-week: the last day of the week (Saturday)',
      'cron(0 0 ? * L *)',
      '2026-11-27T17:52:00Z',
      ['2026-11-28T00:00', '2026-12-05T00:00'],
    ],
  ];
  for (const [meaning, expr, from, expected] of cases) {
    it(`${expr}: ${meaning}`, () => {
      const r = parseSchedule(expr);
      assert.ok(r.ok, JSON.stringify(r));
      const times = nextRuns(r.schedule, new Date(from), expected.length + (expr.includes('2019-2022') ? 1 : 0));
      assert.deepEqual(
        times.map((t) => t.toISOString().slice(0, 16)),
        expected,
      );
    });
  }
});

describe('nextRun: the rules beyond the examples', () => {
  const cases: [string, string, string, string | null][] = [
    // The cases: the step counts in EventBridge's numbering (1,3,5,7 = SUN,TUE,THU,SAT).
    ['the step of a day-of-week range is kept', 'cron(0 8 ? * 1-7/2 *)', '2026-11-29T12:00:00Z', '2026-12-01T08:00'],
    ['15W on a Sunday the 15th is Monday the 16th', 'cron(0 12 15W * ? *)', '2026-11-01T00:00:00Z', '2026-11-16T12:00'],
    [
      '1W on a Saturday the 1st is Monday the 3rd (never the previous month)',
      'cron(0 0 1W * ? *)',
      '2026-07-31T00:00:00Z',
      '2026-08-03T00:00',
    ],
    ['31W on a Sunday the 31st is Friday the 29th', 'cron(0 0 31W * ? *)', '2027-01-01T00:00:00Z', '2027-01-29T00:00'],
    ['31W skips months without a 31st', 'cron(0 0 31W * ? *)', '2026-11-01T00:00:00Z', '2026-12-31T00:00'],
    ['LW: the last weekday', 'cron(0 12 LW * ? *)', '2026-01-01T00:00:00Z', '2026-01-30T12:00'],
    ['2 is Monday', 'cron(0 10 ? * 2 *)', '2026-11-28T09:07:30Z', '2026-11-30T10:00'],
    ['SUN is 1', 'cron(0 10 ? * 1 *)', '2026-11-28T09:07:30Z', '2026-11-29T10:00'],
    ['a wrapping day-of-week range FRI-MON', 'cron(0 10 ? * FRI-MON *)', '2026-11-24T11:00:00Z', '2026-11-27T10:00'],
    ['29 February fires in leap years', 'cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z', '2028-02-29T00:00'],
    ['a year in the future', 'cron(0 0 1 1 ? 2028)', '2026-11-28T09:07:30Z', '2028-01-01T00:00'],
    ['a year in the past never fires again', 'cron(0 0 1 1 ? 2020)', '2026-11-28T09:07:30Z', null],
    ['every minute in a far year is found without scanning minutes', 'cron(* * * * ? 2150)', '2026-11-28T09:07:30Z', '2150-01-01T00:00'],
    ['strictly after: a time on the schedule is not its own next', 'cron(0 10 * * ? *)', '2026-11-28T10:00:00Z', '2026-11-29T10:00'],
    ['rate: the interval from the given time', 'rate(10 minutes)', '2026-11-28T09:07:30Z', '2026-11-28T09:17'],
  ];
  for (const [meaning, expr, from, expected] of cases) {
    it(`${expr} after ${from}: ${meaning}`, () => {
      const r = parseSchedule(expr);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(nextRun(r.schedule, new Date(from))?.toISOString().slice(0, 16) ?? null, expected);
    });
  }

  it('nextRuns stops when the schedule ends', () => {
    const r = parseSchedule('cron(0 0 1 1 ? 2027-2028)');
    assert.ok(r.ok);
    assert.deepEqual(
      nextRuns(r.schedule, new Date('2026-06-01T00:00:00Z'), 5).map((d) => d.toISOString()),
      ['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z'],
    );
  });
});

describe('rateExpression', () => {
  for (const [m, e] of [
    [0.2, 'rate(1 minute)'],
    [1, 'rate(1 minute)'],
    [2.9, 'rate(2 minutes)'],
    [60, 'rate(60 minutes)'],
  ] as const) {
    it(`${m} → ${e}`, () => assert.equal(rateExpression(m), e));
  }
});

describe('impossibleDays: a day-of-month none of the months given has', () => {
  const cases: [string, string | null][] = [
    ['cron(0 0 31 2 ? *)', 'February has no 31st'],
    ['cron(0 0 30,31 2 ? *)', 'February has no 30th or 31st'],
    ['cron(0 0 31 4,6 ? *)', 'April and June have no 31st'],
    ['cron(0 0 31W 9,11 ? *)', 'September and November have no 31st'],
    ['cron(0 0 29 2 ? *)', null], // leap years have it
    ['cron(0 0 31 2,3 ? *)', null], // March does
    ['cron(0 0 30,31 2,4 ? *)', null], // April 30th
    ['cron(0 0 L 2 ? *)', null],
    ['cron(0 0 ? 2 MON *)', null],
    ['cron(0 0 1 1 ? 2020)', null], // ended by its year, not by its days
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      const parsed = parseSchedule(expression);
      assert.ok(parsed.ok && parsed.schedule.kind === 'cron');
      assert.equal(impossibleDays(parsed.schedule.spec), expected);
      if (expected) assert.deepEqual(nextRuns(parsed.schedule, new Date('2026-12-01T00:00:00Z'), 1), []);
    });
  }
});

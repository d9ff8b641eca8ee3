/**
 * The `athena monitor` verdict on tables of metric series: one line per scenario (steady, bursty,
 * falling behind, failing, empty, partial periods), each row `[sent, received, deleted]` per hour
 * ending with the current (partial) hour, or null where CloudWatch has no data point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzeQueueMetrics, buildRows, recommend, scheduleIntervalSeconds, THRESHOLDS } from '../../../../src/core/monitor/index.js';
import type { MetricPoint, MonitorReport, MonitorStatus, QueueMetrics } from '../../../../src/core/monitor/types.js';
import { planWindow } from '../../../../src/core/monitor/window.js';
import { parseSchedule } from '../../../../src/core/schedule/schedule.js';
import { hours, MIN, monitorInput, NOW, type Cell, type Scenario } from '../../../support/monitor-scenarios.js';

function analyze(s: Scenario): MonitorReport {
  return analyzeQueueMetrics(monitorInput(s));
}

interface Case {
  name: string;
  scenario: Scenario;
  status: MonitorStatus;
  recommendation?: string | null;
  /** Each must match the headline, a reason, an action or a note. */
  says?: RegExp[];
}

const cases: Case[] = [
  // steady
  {
    name: 'steady: every message received and deleted',
    scenario: { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], visible: 4, ageNow: 200 },
    status: 'ok',
    recommendation: null,
    says: [
      /keeps up with rate\(10 minutes\)/,
      /14,700 notification\(s\) arrived in the last 1d; runs received 14,700 and deleted 14,700 \(100%/,
    ],
  },
  {
    name: 'steady with a few retried receives',
    scenario: { rows: [...hours(24, [600, 660, 600]), [300, 300, 300]] },
    status: 'ok',
    recommendation: null,
  },
  {
    name: 'idle but active queue: zeros',
    scenario: { rows: [...hours(24, [0, 0, 0]), [0, 0, 0]] },
    status: 'ok',
    says: [/No notification arrived in the last 1d/],
  },
  {
    name: 'gaps between active hours (SQS stops reporting idle queues)',
    scenario: { rows: [...hours(10, null), ...hours(5, [120, 120, 120]), ...hours(9, null), null] },
    status: 'ok',
  },
  // bursty
  {
    name: 'bursty within what one run drains',
    scenario: { rows: [...hours(20, [0, 0, 0]), [30_000, 30_000, 30_000], ...hours(3, [0, 0, 0]), [0, 0, 0]] },
    status: 'ok',
    says: [/Busiest period: 500\/min/],
  },
  {
    name: 'bursty beyond what one run drains',
    scenario: { rows: [...hours(20, [0, 0, 0]), [30_000, 30_000, 30_000], ...hours(3, [0, 0, 0]), [0, 0, 0]], maxMessages: 2000 },
    status: 'adjust',
    // 2,000 per run / (500/min × 2 headroom) = 2 minutes
    recommendation: 'rate(2 minutes)',
    says: [
      /busiest period \(2026-03-02 08:00 UTC\) 500\/min arrived, about 5,000 per 10m interval — more than one run drains \(2,000\)/,
      /streamalert deploy --function athena/,
    ],
  },
  // falling behind
  {
    name: 'falling behind: sent much higher than received and deleted, old backlog',
    scenario: { rows: [...hours(24, [6000, 3000, 3000]), [3000, 1500, 1500]], visible: 73_500, ageNow: 5 * 3600 },
    status: 'adjust',
    // runs drained 3,000 per hour = 500 per run; peak 100/min × 2 → 2.5 minutes → 2
    recommendation: 'rate(2 minutes)',
    says: [
      /oldest message has waited 5h/,
      /arrived in the last 1d but only 73,500 were deleted \(50%\)/,
      /runs drained about 500 each/,
      /Set "schedule_expression": "rate\(2 minutes\)" in athena_partition_refresh_config in conf\/lambda.json \(now "rate\(10 minutes\)"\)/,
      /streamalert athena refresh --once/,
    ],
  },
  {
    name: 'behind on age alone',
    scenario: { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], ageNow: 40 * MIN },
    status: 'adjust',
    recommendation: 'rate(5 minutes)',
  },
  {
    name: 'age within two intervals plus slack is fine',
    scenario: { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], ageNow: 24 * MIN },
    status: 'ok',
  },
  {
    name: 'a stale age data point is not "now"',
    scenario: { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], ageNow: 4 * 3600, ageAgoSeconds: 3600 },
    status: 'ok',
  },
  {
    name: 'backlog larger than one run drains',
    scenario: { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], visible: 5000, maxMessages: 1000 },
    status: 'adjust',
    says: [/5,000 messages are waiting now, more than one run drains \(max_messages = 1,000\)/],
  },
  {
    name: 'already every minute: no faster schedule, raise max_messages',
    scenario: {
      rows: [...hours(24, [60_000, 30_000, 30_000]), [30_000, 15_000, 15_000]],
      schedule: 'rate(1 minute)',
      ageNow: 3 * 3600,
      maxMessages: 500,
    },
    status: 'adjust',
    recommendation: null,
    says: [/already runs every minute/, /raise max_messages to at least 2,000/],
  },
  {
    name: 'cron schedule behind gets a rate()',
    scenario: { rows: [...hours(24, [600, 300, 300]), [300, 150, 150]], schedule: 'cron(0 * * * ? *)', ageNow: 4 * 3600 },
    status: 'adjust',
    recommendation: 'rate(15 minutes)',
  },
  // failing
  {
    name: 'failing: received but not deleted',
    scenario: {
      rows: [...hours(21, [600, 600, 600]), ...hours(3, [600, 1800, 0]), [300, 900, 0]],
      visible: 2000,
      ageNow: 3 * 3600,
      dlqVisible: 12,
    },
    status: 'failing',
    recommendation: null,
    says: [
      /receives messages but does not delete them/,
      /In the last 1h runs received 1,800 message\(s\) but deleted only 0: 100% of the receives did not finish/,
      /Over the whole 1d: 18,900 received, 12,600 deleted \(33% not finished\)/,
      /aws logs tail \/aws\/lambda\/acme_streamalert_athena_partition_refresh/,
      /acme_streamalert_athena_s3_notifications_dlq \(12 message\(s\) now\)/,
    ],
  },
  {
    name: 'failing in part: a third of the receives never finish',
    scenario: { rows: [...hours(24, [600, 900, 600]), [300, 450, 300]] },
    status: 'failing',
  },
  {
    name: 'not running: notifications arrive, nothing is received',
    scenario: { rows: [...hours(20, [600, 600, 600]), ...hours(4, [600, 0, 0]), [300, 0, 0]], visible: 2700 },
    status: 'failing',
    says: [/does not take them off the queue/, /no run received any/, /schedule rule is enabled/],
  },
  {
    name: 'failed earlier, healthy recently: a note, not a verdict',
    scenario: { rows: [...hours(6, [600, 6000, 0]), ...hours(18, [600, 600, 1200]), [300, 300, 300]] },
    status: 'ok',
    says: [/Earlier in the window 54% of the receives did not end in a delete/],
  },
  {
    name: 'dead-letter messages are noted on ok',
    scenario: { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], dlqVisible: 3 },
    status: 'ok',
    says: [/3 message\(s\) wait in the dead-letter queue/],
  },
  // empty
  {
    name: 'empty: no metrics, idle queue',
    scenario: { rows: [] },
    status: 'no-data',
    recommendation: null,
    says: [
      /no metrics for acme_streamalert_athena_s3_notifications in the last 1d \(the queue has been idle\)/,
      /in use \(it held messages or was called in the last ~6 hours\)/,
    ],
  },
  {
    name: 'empty: new queue',
    scenario: { rows: [], createdAt: new Date('2026-03-02T12:20:00Z') },
    status: 'no-data',
    says: [/the queue is new/, /created at 2026-03-02 12:20 UTC/],
  },
  {
    name: 'empty: messages wait but no metrics',
    scenario: { rows: [], visible: 40 },
    status: 'no-data',
    says: [/40 message\(s\) are waiting/],
  },
  {
    name: 'no queue: wrong prefix or region',
    scenario: { rows: [[5, 5, 5]], exists: false },
    status: 'no-data',
    says: [/does not exist in eu-west-1/, /account.prefix \("acme"\)/, /--queue-name-prefix acme/],
  },
  // partial periods
  {
    name: 'partial: the current hour has sends the next run has not taken yet',
    scenario: { rows: [...hours(24, [600, 600, 600]), [500, 0, 0]], visible: 500 },
    status: 'ok',
  },
  {
    name: 'partial: a few minutes into the hour are not a peak',
    scenario: { rows: [...hours(24, [60, 60, 60]), [3000, 3000, 3000]], now: new Date('2026-03-02T12:05:00Z'), maxMessages: 1000 },
    status: 'ok',
  },
  {
    name: 'partial: only one partial period (window = period)',
    scenario: {
      rows: [
        [50, 50, 50],
        [25, 25, 25],
      ],
      window: 3600,
      period: 3600,
    },
    status: 'ok',
  },
  {
    name: '5-minute periods',
    scenario: { rows: [...hours(24, [50, 50, 50]), [20, 0, 0]], window: 2 * 3600, period: 300, now: new Date('2026-03-02T12:02:00Z') },
    status: 'ok',
  },
];

describe('analyzeQueueMetrics verdicts', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, () => {
      const r = analyze(c.scenario);
      assert.equal(r.status, c.status, `${r.headline}\n${r.reasons.join('\n')}`);
      if (c.recommendation !== undefined) assert.equal(r.recommendation, c.recommendation, r.headline);
      const text = [r.headline, ...r.reasons, ...r.actions, ...r.notes];
      for (const re of c.says ?? [])
        assert.ok(
          text.some((t) => re.test(t)),
          `nothing matches ${re}:\n${text.join('\n')}`,
        );
      assert.ok(r.headline.startsWith(`${r.status}: `), r.headline);
      assert.ok(r.reasons.length > 0);
      // ok asks for nothing, unless the dead-letter queue holds messages: then it says how to redrive them.
      if (r.status === 'ok')
        assert.deepEqual(
          r.actions.filter((a) => !/dead-letter queue|athena backfill/.test(a)),
          [],
        );
      else assert.ok(r.actions.length > 0, 'a verdict other than ok says what to do');
    });
  }
});

describe('analyzeQueueMetrics report', () => {
  it('rows and totals follow the series; missing data stays null', () => {
    const r = analyze({ rows: [null, [10, 9, 8], [4, 4, 4]] });
    assert.equal(r.rows.length, 25);
    assert.deepEqual(
      r.rows.slice(-3).map((x) => [x.sent, x.received, x.deleted]),
      [
        [null, null, null],
        [10, 9, 8],
        [4, 4, 4],
      ],
    );
    assert.deepEqual(
      [r.totals.sent, r.totals.received, r.totals.deleted, r.totals.notDeleted, r.totals.periodsWithData],
      [14, 13, 12, 1, 2],
    );
    assert.equal(r.rows.at(-1)!.partial, true);
    assert.equal(r.rows.at(-1)!.seconds, 1800);
    assert.equal(r.rows.filter((x) => x.partial).length, 1);
  });
  it('a dead-letter queue holding messages gets actions naming redrive and backfill, whatever the verdict', () => {
    const scenarios: Cell[][] = [
      [...hours(24, [60, 60, 60]), [30, 30, 30]],
      [...hours(24, [10, 40, 0]), [5, 20, 0]],
    ];
    for (const rows of scenarios) {
      const held = analyze({ rows, dlqVisible: 3 });
      const text = held.actions.join('\n');
      assert.match(text, /3 message\(s\) wait in the dead-letter queue acme_streamalert_athena_s3_notifications_dlq/);
      assert.match(text, /streamalert athena redrive/);
      assert.match(text, /streamalert athena backfill --since 2026-03-0\d --dry-run/);
      const empty = analyze({ rows, dlqVisible: 0 });
      assert.doesNotMatch(empty.actions.join('\n'), /athena redrive|athena backfill/);
    }
  });

  it('failing and adjust point at the function and the dead-letter queue by name', () => {
    const r = analyze({ rows: [...hours(24, [10, 40, 0]), [5, 20, 0]] });
    assert.equal(r.status, 'failing');
    assert.match(r.actions.join('\n'), /\/aws\/lambda\/acme_streamalert_athena_partition_refresh/);
    assert.match(r.actions.join('\n'), /acme_streamalert_athena_s3_notifications_dlq/);
  });
  it('JSON carries status, recommendation, rows and totals', () => {
    const r = JSON.parse(JSON.stringify(analyze({ rows: [...hours(24, [6000, 3000, 3000]), [0, 0, 0]], ageNow: 7200 })));
    assert.equal(r.status, 'adjust');
    assert.match(r.recommendation, /^rate\(\d+ minutes?\)$/);
    assert.equal(r.rows.length, 25);
    assert.equal(r.totals.sent, 144_000);
    assert.equal(r.schedule.intervalSeconds, 600);
    assert.equal(r.queue.oldestAgeSeconds, 7200);
  });
});

describe('buildRows', () => {
  const w = planWindow(NOW, 3 * 3600, 3600); // rows 09:00, 10:00, 11:00, 12:00 (partial)
  const at = (iso: string, value: number): MetricPoint => ({ timestamp: new Date(iso), value });
  const empty: QueueMetrics = { sent: [], received: [], deleted: [], visible: [], oldestAge: [], recentOldestAge: [] };
  it('puts each point in the period holding it, sums counts, keeps the maximum of levels, drops points outside', () => {
    const rows = buildRows(w, {
      ...empty,
      sent: [at('2026-03-02T10:00:00Z', 5), at('2026-03-02T10:59:00Z', 7), at('2026-03-02T08:00:00Z', 99), at('2026-03-02T13:00:00Z', 99)],
      visible: [at('2026-03-02T11:00:00Z', 3), at('2026-03-02T11:30:00Z', 9), at('2026-03-02T11:45:00Z', 4)],
      oldestAge: [at('2026-03-02T12:01:00Z', 30)],
    });
    assert.deepEqual(
      rows.map((r) => r.start.slice(11, 16)),
      ['09:00', '10:00', '11:00', '12:00'],
    );
    assert.deepEqual(
      rows.map((r) => r.sent),
      [null, 12, null, null],
    );
    assert.deepEqual(
      rows.map((r) => r.backlogMax),
      [null, null, 9, null],
    );
    assert.deepEqual(
      rows.map((r) => r.oldestAgeMaxSeconds),
      [null, null, null, 30],
    );
    assert.deepEqual(
      rows.map((r) => r.partial),
      [false, false, false, true],
    );
  });
});

describe('scheduleIntervalSeconds', () => {
  const table: [string, number][] = [
    ['rate(1 minute)', 60],
    ['rate(10 minutes)', 600],
    ['rate(2 hours)', 7200],
    ['cron(0/15 * * * ? *)', 900],
    ['cron(0 * * * ? *)', 3600],
    // weekdays 08:00-17:00: the longest gap is Friday 17:00 → Monday 08:00
    ['cron(0 8-17 ? * MON-FRI *)', 63 * 3600],
  ];
  for (const [expr, seconds] of table) it(`${expr} → ${seconds}s`, () => assert.equal(scheduleIntervalSeconds(expr, NOW), seconds));
  it('a cron that never fires again is infinitely slow', () =>
    assert.equal(scheduleIntervalSeconds('cron(0 8 1 1 ? 2020)', NOW), Infinity));
});

describe('recommend', () => {
  const table: [interval: number, peakPerMinute: number, capacity: number, expression: string | null][] = [
    [600, 500, 2000, 'rate(2 minutes)'], // 2000 / (500 × 2) = 2
    [600, 1, 100_000, 'rate(5 minutes)'], // capacity is plenty: at least twice as often
    [3600, 10, 1000, 'rate(30 minutes)'],
    [600, 10_000, 1000, 'rate(1 minute)'], // never faster than a minute
    [120, 100, 100_000, 'rate(1 minute)'],
    [60, 100, 100, null], // already every minute
  ];
  for (const [interval, peak, capacity, expression] of table) {
    it(`every ${interval}s, ${peak}/min, ${capacity} per run → ${expression}`, () =>
      assert.equal(recommend(interval, peak, capacity).expression, expression));
  }
  it('asks for a larger max_messages when even one run a minute cannot keep up', () => {
    assert.equal(recommend(600, 10_000, 1000).raiseMaxMessages, 20_000);
    assert.equal(recommend(600, 100, 100_000).raiseMaxMessages, null);
  });
});

describe('properties', () => {
  const cell = fc.oneof(fc.constant(null), fc.tuple(fc.nat(50_000), fc.nat(80_000), fc.nat(50_000)));
  const schedules = ['rate(1 minute)', 'rate(2 minutes)', 'rate(10 minutes)', 'rate(1 hour)', 'cron(0/5 * * * ? *)'];
  it('every report has a known status, a valid recommendation no faster than a minute and slower than now, and consistent totals', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 25 }),
        fc.constantFrom(...schedules),
        fc.integer({ min: 1, max: 200_000 }),
        fc.option(fc.nat(200_000)),
        fc.option(fc.nat(7 * 86_400)),
        (rows, schedule, maxMessages, visible, ageNow) => {
          const r = analyze({ rows, schedule, maxMessages, visible: visible ?? 0, ...(ageNow !== null ? { ageNow } : {}) });
          assert.ok(['ok', 'adjust', 'failing', 'no-data'].includes(r.status));
          assert.equal(
            r.totals.sent,
            rows.reduce((n, c) => n + (c?.[0] ?? 0), 0),
          );
          assert.equal(
            r.totals.deleted,
            rows.reduce((n, c) => n + (c?.[2] ?? 0), 0),
          );
          if (r.status !== 'adjust') assert.equal(r.recommendation, null);
          if (r.recommendation !== null) {
            const p = parseSchedule(r.recommendation);
            assert.ok(p.ok && p.schedule.kind === 'rate', r.recommendation);
            assert.ok(p.schedule.intervalMs >= 60_000);
            assert.ok(
              p.schedule.intervalMs / 1000 < scheduleIntervalSeconds(schedule, NOW),
              `${r.recommendation} is not faster than ${schedule}`,
            );
          }
          if (rows.every((c) => c === null)) assert.equal(r.status, 'no-data');
        },
      ),
      { numRuns: 300 },
    );
  });
  it('the failing threshold is the documented one', () => assert.equal(THRESHOLDS.notDeletedShare, 0.25));
});

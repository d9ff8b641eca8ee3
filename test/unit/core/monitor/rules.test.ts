/**
 * `athena monitor`'s rules, judged by their findings' codes and numbers, not by the words explain.ts
 * puts around them: one scenario per line, rows `[sent, received, deleted]` per hour ending with the
 * current (partial) hour.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain } from '../../../../src/core/monitor/explain.js';
import type { Finding, FindingCode, Verdict } from '../../../../src/core/monitor/findings.js';
import { measure } from '../../../../src/core/monitor/measure.js';
import { judge } from '../../../../src/core/monitor/rules.js';
import type { MonitorStatus } from '../../../../src/core/monitor/types.js';
import { hours, MIN, monitorInput, type Scenario } from '../../../support/monitor-scenarios.js';

function verdictOf(s: Scenario): Verdict {
  const input = monitorInput(s);
  return judge(input, measure(input));
}

const codes = (findings: Finding[]) => findings.map((f) => ('scope' in f ? `${f.code}:${f.scope}` : f.code));

const table: [name: string, scenario: Scenario, status: MonitorStatus, findings: string[], notes?: FindingCode[]][] = [
  ['no queue', { rows: [], exists: false }, 'no-data', ['queue-missing']],
  ['no metrics, idle queue', { rows: [] }, 'no-data', ['no-metrics']],
  [
    'received, not deleted, recently and over the window',
    { rows: [...hours(21, [600, 600, 600]), ...hours(3, [600, 1800, 0]), [300, 900, 0]], dlqVisible: 12 },
    'failing',
    ['not-deleted:recent', 'not-deleted:window'],
    ['dead-letters'],
  ],
  [
    'a third of the receives never finish, all along',
    { rows: [...hours(24, [600, 900, 600]), [300, 450, 300]] },
    'failing',
    ['not-deleted:recent', 'not-deleted:window'],
  ],
  [
    'notifications arrive, nothing is received',
    { rows: [...hours(20, [600, 600, 600]), ...hours(4, [600, 0, 0]), [300, 0, 0]] },
    'failing',
    ['not-received'],
  ],
  [
    'failed earlier, healthy now',
    { rows: [...hours(6, [600, 6000, 0]), ...hours(18, [600, 600, 1200]), [300, 300, 300]] },
    'ok',
    ['keeping-up', 'backlog-within', 'peak-within'],
    ['failed-earlier'],
  ],
  [
    'old message, short runs, busy peak',
    { rows: [...hours(24, [6000, 3000, 3000]), [3000, 1500, 1500]], visible: 73_500, ageNow: 5 * 3600 },
    'adjust',
    ['old-message', 'shortfall', 'slow-runs', 'peak-over-capacity'],
  ],
  // 60 deleted an hour at rate(10 minutes) is 10 a run: while a backlog waits, that reads as runs stopping early.
  ['age alone', { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], ageNow: 40 * MIN }, 'adjust', ['old-message', 'slow-runs']],
  [
    'backlog over max_messages',
    { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], visible: 5000, maxMessages: 1000 },
    'adjust',
    ['backlog-over-capacity', 'slow-runs'],
  ],
  [
    'a burst beyond one run',
    { rows: [...hours(20, [0, 0, 0]), [30_000, 30_000, 30_000], ...hours(3, [0, 0, 0]), [0, 0, 0]], maxMessages: 2000 },
    'adjust',
    ['peak-over-capacity'],
  ],
  [
    'steady',
    { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], visible: 4, ageNow: 200 },
    'ok',
    ['keeping-up', 'backlog-within', 'peak-within'],
  ],
  ['idle but in use', { rows: [...hours(24, [0, 0, 0]), [0, 0, 0]] }, 'ok', ['idle', 'backlog-within']],
  [
    'dead letters on ok',
    { rows: [...hours(24, [60, 60, 60]), [30, 30, 30]], dlqVisible: 3 },
    'ok',
    ['keeping-up', 'backlog-within', 'peak-within'],
    ['dead-letters'],
  ],
  // trigger sqs: 6,000 an hour arrive; 60 invocations of 50 messages, 30 s each, 2 at once drain 3,000 an hour.
  [
    'sqs: a backlog the trigger does not drain',
    {
      rows: [...hours(24, [6000, 3000, 3000]), [3000, 1500, 1500]],
      visible: 70_000,
      ageNow: 3 * 3600,
      sqs: { batchSize: 100 },
      fn: [60, 0, 0, 30_000],
      mapping: 'Enabled',
    },
    'adjust',
    ['old-message', 'shortfall', 'trigger-behind'],
  ],
  [
    'sqs: throttled',
    { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], sqs: {}, fn: [60, 0, 5, 1000], mapping: 'Enabled' },
    'adjust',
    ['throttled'],
  ],
  [
    'sqs: keeping up, with errors noted',
    { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], visible: 3, ageNow: 30, sqs: {}, fn: [60, 2, 0, 1000], mapping: 'Enabled' },
    'ok',
    ['keeping-up', 'backlog-within'],
    ['function-errors'],
  ],
  [
    'sqs: the mapping is disabled',
    { rows: [...hours(24, [600, 600, 600]), [300, 0, 0]], sqs: {}, mapping: 'Disabled' },
    'failing',
    ['mapping-not-enabled'],
  ],
  [
    'sqs: no mapping',
    { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], sqs: {}, mapping: null },
    'failing',
    ['mapping-not-enabled'],
  ],
  [
    'schedule: throttles are a note',
    { rows: [...hours(24, [600, 600, 600]), [300, 300, 300]], fn: [6, 0, 1, 1000] },
    'ok',
    ['keeping-up', 'backlog-within', 'peak-within'],
    ['throttled'],
  ],
];

describe('monitor rules: status and findings by code', () => {
  for (const [name, scenario, status, findings, notes = []] of table) {
    it(`${name} → ${status}: ${findings.join(', ')}`, () => {
      const v = verdictOf(scenario);
      assert.equal(v.status, status);
      assert.deepEqual(codes(v.findings), findings);
      assert.deepEqual(codes(v.notes), notes);
    });
  }
});

describe('monitor rules: the numbers in the findings', () => {
  it('not-deleted carries its scope, counts and share', () => {
    const v = verdictOf({ rows: [...hours(21, [600, 600, 600]), ...hours(3, [600, 1800, 0]), [300, 900, 0]] });
    assert.deepEqual(v.findings[0], { code: 'not-deleted', scope: 'recent', seconds: 3600, received: 1800, deleted: 0, share: 1 });
    assert.deepEqual(v.findings[1], {
      code: 'not-deleted',
      scope: 'window',
      seconds: 86_400,
      received: 18_900,
      deleted: 12_600,
      share: 6300 / 18_900,
    });
  });
  it('nothing received recently: the window is judged', () => {
    const v = verdictOf({ rows: [...hours(10, [100, 400, 0]), ...hours(14, null), null] });
    assert.equal(v.status, 'failing');
    assert.deepEqual(codes(v.findings), ['not-deleted:window']);
  });
  it('not-received counts the runs the schedule should have made', () => {
    const v = verdictOf({ rows: [...hours(20, [600, 600, 600]), ...hours(4, [600, 0, 0]), [300, 0, 0]] });
    assert.deepEqual(v.findings, [{ code: 'not-received', seconds: 3600, sent: 600, expectedRuns: 6 }]);
  });
  it('slow runs lower the capacity the recommendation is sized by', () => {
    const v = verdictOf({ rows: [...hours(24, [6000, 3000, 3000]), [3000, 1500, 1500]], visible: 73_500, ageNow: 5 * 3600 });
    assert.deepEqual(v.capacity, { perRun: 500, source: 'observed' });
    assert.deepEqual(
      v.findings.find((f) => f.code === 'slow-runs'),
      { code: 'slow-runs', perRun: 500, maxMessages: 100_000 },
    );
    assert.deepEqual(v.recommendation, { expression: 'rate(2 minutes)', minutes: 2, raiseMaxMessages: null, clearBacklog: 73_500 });
  });
  it('already every minute: no expression, a larger max_messages', () => {
    const v = verdictOf({
      rows: [...hours(24, [60_000, 30_000, 30_000]), [30_000, 15_000, 15_000]],
      schedule: 'rate(1 minute)',
      ageNow: 3 * 3600,
      maxMessages: 500,
    });
    assert.equal(v.status, 'adjust');
    assert.equal(v.recommendation?.expression, null);
    assert.equal(v.recommendation?.raiseMaxMessages, 2000);
  });
  it('no-metrics names its cause', () => {
    const cause = (s: Scenario) => (verdictOf(s).findings[0] as Extract<Finding, { code: 'no-metrics' }>).cause;
    assert.equal(cause({ rows: [] }), 'idle');
    assert.equal(cause({ rows: [], visible: 40 }), 'messages-waiting');
    assert.equal(cause({ rows: [], createdAt: new Date('2026-03-02T12:20:00Z') }), 'new-queue');
  });
  it('only verdicts other than ok recommend, and only adjust recommends a schedule', () => {
    for (const [, scenario, status] of table) {
      const v = verdictOf(scenario);
      assert.equal(v.recommendation !== null, status === 'adjust', `${status}`);
    }
  });
});

describe('explain: every finding is told, every verdict but ok says what to do', () => {
  for (const [name, scenario, status] of table) {
    it(name, () => {
      const input = monitorInput(scenario);
      const measured = measure(input);
      const v = judge(input, measured);
      const text = explain(v, {
        settings: input.settings,
        deadLetter: input.queue.deadLetter,
        recentSeconds: measured.recent.seconds,
        windowStart: input.window.start.toISOString(),
      });
      assert.ok(text.summary.length > 0);
      // no-metrics is told in two sentences (what is missing, and why); every other finding in one.
      assert.equal(text.reasons.length, v.findings.length + v.findings.filter((f) => f.code === 'no-metrics').length);
      // a dead-letter queue holding messages is told as actions (redrive, backfill), on every verdict
      const deadLetters = v.notes.some((f) => f.code === 'dead-letters');
      assert.equal(text.notes.length, status === 'no-data' ? 0 : v.notes.filter((f) => f.code !== 'dead-letters').length);
      assert.equal(text.actions.length > 0, status !== 'ok' || deadLetters);
      if (deadLetters) assert.ok(text.actions.some((a) => a.includes('streamalert athena redrive')));
    });
  }
});

describe('monitor rules: trigger sqs advice', () => {
  const backlog: Scenario = {
    rows: [...hours(24, [6000, 3000, 3000]), [3000, 1500, 1500]],
    visible: 70_000,
    ageNow: 3 * 3600,
    sqs: { batchSize: 100 },
    fn: [60, 0, 0, 30_000],
    mapping: 'Enabled',
  };
  it('a backlog: the measured drain rate; half-empty batches while messages wait: a longer batching window; never the schedule', () => {
    const input = monitorInput(backlog);
    const verdict = judge(input, measure(input));
    const advice = verdict.recommendation?.trigger;
    // 73,500 received in 1,500 invocations = 49 each, 30 s each, 2 at once: 196/min.
    assert.ok(advice, JSON.stringify(verdict.recommendation));
    assert.equal(verdict.recommendation?.expression, null);
    assert.equal(Math.round(advice.drainPerMinute!), 196);
    assert.equal(advice.batchSize, null, 'batches under half of batch_size are not full');
    assert.equal(advice.maximumBatchingWindowSeconds, 120);
    // The busiest hour (100/min) twice over needs 200/min: one more slot than 2.
    assert.equal(advice.maximumConcurrency, 3);
    const text = explain(verdict, {
      settings: input.settings,
      deadLetter: input.queue.deadLetter,
      recentSeconds: 3600,
      windowStart: input.window.start.toISOString(),
    });
    assert.ok(
      text.actions.every((a) => !a.includes('schedule_expression')),
      text.actions.join('\n'),
    );
    assert.match(text.actions.join('\n'), /streamalert deploy --function athena/);
  });

  it('near the timeout: raise memory; small batches while messages wait: raise the batching window', () => {
    const slow = monitorInput({ ...backlog, sqs: { batchSize: 1000, timeout: 40 }, fn: [60, 0, 0, 35_000] });
    assert.deepEqual(
      [
        judge(slow, measure(slow)).recommendation?.trigger?.memory,
        judge(slow, measure(slow)).recommendation?.trigger?.maximumBatchingWindowSeconds,
      ],
      [256, 120],
    );
  });

  it('busier than the trigger drains: maximum_concurrency to what drains the busiest period twice over', () => {
    const busy = monitorInput({ ...backlog, rows: [...hours(24, [60_000, 3000, 3000]), [30_000, 1500, 1500]] });
    const advice = judge(busy, measure(busy)).recommendation?.trigger;
    // 1,000/min × 2 = 2,000/min against 98/min per slot (49 per 30 s run): 21 at once.
    assert.equal(advice?.maximumConcurrency, 21);
  });
});

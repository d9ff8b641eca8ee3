/**
 * Is the refresh schedule keeping up? From the queue's AWS/SQS metrics over a window (sent,
 * received, deleted per period), its backlog now, the schedule and max_messages, decide:
 *
 *   no-data  the queue does not exist, or CloudWatch has no metrics for it in the window
 *   failing  runs receive messages but do not delete them (more than 25% of the receives in the
 *            recent runs, or over the window when nothing ran recently), or notifications arrive
 *            and no run receives them at all
 *   adjust   runs finish what they receive but do not get to everything: the oldest message is
 *            older than two intervals (+5 min), the backlog exceeds what one run drains, far fewer
 *            messages were deleted than sent, or the busiest period brings more per interval than
 *            one run drains. Recommends a rate() that drains the busiest period twice over.
 *   ok       none of the above
 *
 * Pure: no clock, no I/O. The thresholds are in THRESHOLDS so the docs and tests can name them.
 */
import { nextRun, parseSchedule, rateExpression } from '../schedule.js';
import { deadLetterActions } from './dead-letter.js';
import { formatAge, formatDuration, formatEvery } from './duration.js';
import type { MetricPoint, MonitorInput, MonitorReport, MonitorStatus, MonitorTotals, PeriodRow, QueueMetrics } from './types.js';
import type { MonitorWindow } from './window.js';

export const THRESHOLDS = {
  /** Failing when more than this share of the receives did not end in a delete. */
  notDeletedShare: 0.25,
  /** "Recent" is the latest complete periods covering at least this many schedule intervals. */
  recentIntervals: 3,
  /** Behind when the oldest message is older than ageIntervals × interval + ageSlackSeconds. */
  ageIntervals: 2,
  ageSlackSeconds: 300,
  /** Behind when sent − deleted exceeds this share of sent (at least shortfallFloor), beyond one interval's arrivals. */
  shortfallShare: 0.1,
  shortfallFloor: 10,
  /** The recommended schedule drains the busiest period this many times over. */
  headroom: 2,
  /** The latest age data point counts as "now" only if it is at most this old. */
  freshSeconds: 900,
  /** A partial period counts towards the peak rate only once this share of it has happened. */
  peakMinCoverage: 0.5,
} as const;

/** Whole-minute intervals a recommendation is rounded down to. */
const NICE_MINUTES = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440];

export function analyzeQueueMetrics(input: MonitorInput): MonitorReport {
  const { settings: s, window: w, metrics, queue } = input;
  const rows = buildRows(w, metrics);
  const totals = totalsOf(rows);
  const interval = scheduleIntervalSeconds(s.scheduleExpression, w.now);
  const age = latestPoint(metrics.recentOldestAge, w.now, THRESHOLDS.freshSeconds);
  const { averagePerMinute, peakPerMinute, peakRow } = ratesOf(rows);

  const report: MonitorReport = {
    status: 'ok',
    headline: '',
    reasons: [],
    actions: [],
    notes: [],
    recommendation: null,
    queue: {
      name: s.queueName,
      region: s.region,
      exists: queue.exists,
      visible: queue.visible,
      inFlight: queue.inFlight,
      oldestAgeSeconds: age?.value ?? null,
      oldestAgeAt: age?.timestamp.toISOString() ?? null,
      deadLetter: queue.deadLetter,
    },
    schedule: { expression: s.scheduleExpression, intervalSeconds: Number.isFinite(interval) ? interval : null, maxMessages: s.maxMessages },
    window: { start: w.start.toISOString(), end: w.end.toISOString(), now: w.now.toISOString(), windowSeconds: w.windowSeconds, periodSeconds: w.periodSeconds },
    rates: { averagePerMinute, peakPerMinute, peakPeriodStart: peakRow?.start ?? null, perRunCapacity: s.maxMessages, perRunCapacitySource: 'max_messages' },
    rows,
    totals,
  };
  const windowText = formatDuration(w.windowSeconds);
  const every = formatEvery(interval);
  const dlq = queue.deadLetter;
  const dlqText = dlq ? `${dlq.name}${dlq.visible !== null ? ` (${count(dlq.visible)} message(s) now)` : dlq.exists ? '' : ' (not found)'}` : `${s.queueName}_dlq`;

  // no-data: nothing to judge.
  if (!queue.exists) {
    return verdict(report, 'no-data', `no-data: queue ${s.queueName} does not exist in ${s.region}, so there is nothing to measure.`, {
      reasons: [`SQS has no queue named ${s.queueName} in region ${s.region}: the account prefix, the queue name or the region is wrong, or the queue was never created.`],
      actions: [
        `Check account.prefix${s.prefix ? ` ("${s.prefix}")` : ''} and account.region in conf/global.json, athena_partition_refresh_config.queue_name in conf/lambda.json, and --region.`,
        `List the queues that do exist: aws sqs list-queues --region ${s.region}${s.prefix ? ` --queue-name-prefix ${s.prefix}` : ''}`,
      ],
    });
  }
  if (totals.periodsWithData === 0) {
    const reasons = [`CloudWatch has no NumberOfMessagesSent, NumberOfMessagesReceived or NumberOfMessagesDeleted for ${s.queueName} in ${s.region} in the last ${windowText}, although the queue exists.`];
    const created = queue.createdAt && queue.createdAt.getTime() > w.now.getTime() - w.windowSeconds * 1000 ? queue.createdAt : null;
    if (created) reasons.push(`The queue was created at ${utc(created)}; SQS starts sending its metrics once it is in use, within a few minutes.`);
    else if ((queue.visible ?? 0) > 0) reasons.push(`Yet ${count(queue.visible!)} message(s) are waiting on it: CloudWatch may be lagging, or the metrics are being read from another account or region than the queue.`);
    else reasons.push(`SQS only sends metrics for a queue that is in use (it held messages or was called in the last ~6 hours): no notification has reached it for a long time. Either nothing was written to the buckets, or their event notifications do not point at this queue.`);
    return verdict(report, 'no-data', `no-data: no metrics for ${s.queueName} in the last ${windowText}${created ? ' (the queue is new)' : ' (the queue has been idle)'}.`, {
      reasons,
      actions: [
        `Check that each bucket in athena_partition_refresh_config.buckets sends s3:ObjectCreated:* notifications to ${s.queueName} (aws s3api get-bucket-notification-configuration --bucket <bucket>).`,
        `Run again with a longer --window (e.g. --window 7d) to see when notifications last arrived.`,
      ],
    });
  }

  const recent = recentSpan(rows, interval);
  const recentText = formatAge(recent.seconds);
  const share = (received: number, deleted: number) => (received > 0 ? Math.max(0, received - deleted) / received : 0);
  const recentShare = share(recent.received, recent.deleted);
  const windowShare = share(totals.received, totals.deleted);

  // failing: received but not deleted, or not received at all.
  const failingReasons: string[] = [];
  if (recent.received > 0 && recentShare > THRESHOLDS.notDeletedShare) {
    failingReasons.push(
      `In the last ${recentText} runs received ${count(recent.received)} message(s) but deleted only ${count(recent.deleted)}: ${pct(recentShare)} of the receives did not finish, so those messages return to the queue and are tried again until they reach the dead-letter queue.`,
    );
    if (totals.received > recent.received && windowShare > THRESHOLDS.notDeletedShare) {
      failingReasons.push(`Over the whole ${windowText}: ${count(totals.received)} received, ${count(totals.deleted)} deleted (${pct(windowShare)} not finished).`);
    }
  } else if (recent.received === 0 && totals.received > 0 && windowShare > THRESHOLDS.notDeletedShare) {
    failingReasons.push(
      `Over the last ${windowText} runs received ${count(totals.received)} message(s) but deleted only ${count(totals.deleted)}: ${pct(windowShare)} of the receives did not finish.`,
    );
  }
  const notRunning = recent.sent > 0 && recent.received === 0 && recent.seconds >= 2 * interval;
  if (notRunning) {
    failingReasons.push(
      `In the last ${recentText} ${count(recent.sent)} notification(s) arrived and no run received any, although the schedule (${s.scheduleExpression}) should have run ${Math.floor(recent.seconds / interval)} time(s): the function is not running, or it stops before it reaches the queue.`,
    );
  }
  if (failingReasons.length) {
    return verdict(report, 'failing', notRunning && recent.received === 0 && failingReasons.length === 1
      ? `failing: notifications arrive but the refresh function does not take them off the queue.`
      : `failing: the refresh function receives messages but does not delete them — it is erroring out.`, {
      reasons: failingReasons,
      actions: [
        `Read the function's logs: aws logs tail /aws/lambda/${s.functionName} --since ${formatDuration(Math.max(3600, recent.seconds))} --region ${s.region} (log group /aws/lambda/${s.functionName}).`,
        `Look at the dead-letter queue ${dlqText}: messages land there after failing maxReceiveCount times.`,
        notRunning
          ? `Check that the function is deployed and its schedule rule is enabled: streamalert deploy --function athena.`
          : `Reproduce with the same configuration and full logs: streamalert athena refresh --once --log-level debug`,
      ],
    });
  }
  if (recent.received > 0 && windowShare > THRESHOLDS.notDeletedShare) {
    report.notes.push(
      `Earlier in the window ${pct(windowShare)} of the receives did not end in a delete (${count(totals.received)} received, ${count(totals.deleted)} deleted); the last ${recentText} are healthy.`,
    );
  }

  // adjust: runs finish what they take but do not take everything in time.
  const behind: string[] = [];
  const ageLimit = THRESHOLDS.ageIntervals * interval + THRESHOLDS.ageSlackSeconds;
  if (age && age.value > ageLimit) {
    behind.push(
      `The oldest message has waited ${formatAge(age.value)} (at ${utc(age.timestamp)}); with a run every ${every} none should wait much longer than ${formatAge(interval)}.`,
    );
  }
  if (queue.visible !== null && queue.visible > s.maxMessages) {
    behind.push(`${count(queue.visible)} messages are waiting now, more than one run drains (max_messages = ${count(s.maxMessages)}).`);
  }
  const shortfall = totals.sent - totals.deleted;
  const allowance = Math.max(THRESHOLDS.shortfallFloor, THRESHOLDS.shortfallShare * totals.sent) + averagePerMinute * (interval / 60);
  if (shortfall > allowance) {
    behind.push(
      `${count(totals.sent)} notification(s) arrived in the last ${windowText} but only ${count(totals.deleted)} were deleted (${pct(totals.deleted / totals.sent)}); the three metrics should be close, and ${count(shortfall)} are still waiting.`,
    );
  }
  // What one run drains: max_messages, unless runs were seen draining less while messages waited.
  let capacity = s.maxMessages;
  if (behind.length && Number.isFinite(interval) && recent.seconds > 0 && recent.deleted > 0) {
    const runs = Math.max(1, recent.seconds / interval);
    const observed = Math.floor(recent.deleted / runs);
    if (observed > 0 && observed < capacity) {
      capacity = observed;
      report.rates.perRunCapacity = observed;
      report.rates.perRunCapacitySource = 'observed';
      behind.push(`While messages waited, runs drained about ${count(observed)} each (max_messages is ${count(s.maxMessages)}): they stop early, most likely at the function's timeout.`);
    }
  }
  if (peakRow && peakPerMinute * (interval / 60) > capacity) {
    behind.push(
      `In the busiest period (${utc(new Date(peakRow.start))}) ${rateText(peakPerMinute)} arrived, about ${count(Math.round(peakPerMinute * (interval / 60)))} per ${formatAge(interval)} interval — more than one run drains (${count(capacity)}).`,
    );
  }
  if (behind.length) {
    const rec = recommend(interval, peakPerMinute || averagePerMinute, capacity);
    const backlog = (queue.visible ?? 0) > 0;
    const actions: string[] = [];
    if (rec.expression) {
      actions.push(
        `Set "schedule_expression": "${rec.expression}" in athena_partition_refresh_config in conf/lambda.json (now "${s.scheduleExpression}").`,
        `Apply it: streamalert deploy --function athena`,
      );
    }
    if (rec.raiseMaxMessages) {
      actions.push(
        `Even one run a minute cannot drain the busiest period: raise max_messages to at least ${count(rec.raiseMaxMessages)} and the function's timeout (and memory) so one run can finish that many, then streamalert deploy --function athena.`,
      );
    }
    if (backlog) actions.push(`To clear the ${count(queue.visible!)} waiting message(s) now: streamalert athena refresh --once`);
    report.recommendation = rec.expression;
    const headline = rec.expression
      ? `adjust: notifications arrive faster than ${s.scheduleExpression} drains them; run the refresh every ${formatEvery(rec.minutes * 60)}: ${rec.expression}.`
      : `adjust: notifications arrive faster than the refresh drains them, and it already runs every minute; let each run drain more.`;
    return verdict(report, 'adjust', headline, { reasons: behind, actions });
  }

  // ok
  const reasons: string[] = [];
  if (totals.sent === 0 && totals.received === 0) {
    reasons.push(`No notification arrived in the last ${windowText}: the queue is in use but idle, so there is nothing to keep up with.`);
  } else {
    reasons.push(
      `${count(totals.sent)} notification(s) arrived in the last ${windowText}; runs received ${count(totals.received)} and deleted ${count(totals.deleted)} (${totals.sent ? pct(totals.deleted / totals.sent) : '—'} of those sent).`,
    );
  }
  const backlogText = queue.visible === null ? 'unknown' : `${count(queue.visible)} message(s)`;
  reasons.push(
    `Backlog now: ${backlogText}${age ? `, the oldest ${formatAge(age.value)} old` : ''} — within what a run every ${every} leaves behind.`,
  );
  if (peakRow && peakPerMinute > 0) {
    reasons.push(
      `Busiest period: ${rateText(peakPerMinute)} (${utc(new Date(peakRow.start))}), about ${count(Math.ceil(peakPerMinute * (interval / 60)))} per run against ${count(capacity)} one run drains.`,
    );
  }
  return verdict(report, 'ok', `ok: the refresh function keeps up with ${s.scheduleExpression}.`, { reasons, actions: [] });
}

function verdict(
  report: MonitorReport,
  status: MonitorStatus,
  headline: string,
  parts: { reasons: string[]; actions: string[]; notes?: string[] },
): MonitorReport {
  report.status = status;
  report.headline = headline;
  report.reasons = parts.reasons;
  // Whatever the verdict, a dead-letter queue holding messages gets its own actions.
  report.actions = [...parts.actions, ...deadLetterActions(report.queue.deadLetter, report.window.start)];
  report.notes.push(...(parts.notes ?? []));
  return report;
}

/** Rows of the window with each metric bucketed into its period (Sum for counts, Maximum for levels). */
export function buildRows(w: MonitorWindow, m: QueueMetrics): PeriodRow[] {
  const p = w.periodSeconds * 1000;
  const start = w.start.getTime();
  const now = w.now.getTime();
  const rows: PeriodRow[] = [];
  for (let i = 0; i < w.rowCount; i++) {
    const a = start + i * p;
    const b = a + p;
    const seen = Math.max(0, Math.min(b, now) - a);
    rows.push({ start: new Date(a).toISOString(), end: new Date(b).toISOString(), partial: b > now, seconds: seen / 1000, sent: null, received: null, deleted: null, backlogMax: null, oldestAgeMaxSeconds: null });
  }
  const place = (points: MetricPoint[], key: 'sent' | 'received' | 'deleted' | 'backlogMax' | 'oldestAgeMaxSeconds', combine: (x: number, y: number) => number) => {
    for (const pt of points) {
      const i = Math.floor((pt.timestamp.getTime() - start) / p);
      const row = rows[i];
      if (!row || !Number.isFinite(pt.value)) continue;
      row[key] = row[key] === null ? pt.value : combine(row[key]!, pt.value);
    }
  };
  const sum = (x: number, y: number) => x + y;
  place(m.sent, 'sent', sum);
  place(m.received, 'received', sum);
  place(m.deleted, 'deleted', sum);
  place(m.visible, 'backlogMax', Math.max);
  place(m.oldestAge, 'oldestAgeMaxSeconds', Math.max);
  // A row that has not started yet (the clock is before it) cannot hold data; drop it.
  return rows.filter((r) => r.seconds > 0 || r.sent !== null || r.received !== null || r.deleted !== null);
}

export function totalsOf(rows: PeriodRow[]): MonitorTotals {
  const sum = (k: 'sent' | 'received' | 'deleted') => rows.reduce((n, r) => n + (r[k] ?? 0), 0);
  const max = (k: 'backlogMax' | 'oldestAgeMaxSeconds') => rows.reduce<number | null>((m, r) => (r[k] === null ? m : Math.max(m ?? 0, r[k]!)), null);
  const sent = sum('sent');
  const received = sum('received');
  const deleted = sum('deleted');
  return {
    sent,
    received,
    deleted,
    notDeleted: Math.max(0, received - deleted),
    deletedShareOfSent: sent > 0 ? deleted / sent : null,
    backlogMax: max('backlogMax'),
    oldestAgeMaxSeconds: max('oldestAgeMaxSeconds'),
    periodsWithData: rows.filter((r) => r.sent !== null || r.received !== null || r.deleted !== null).length,
  };
}

/** Average rate over the time the rows cover, and the busiest row's rate (per minute). */
function ratesOf(rows: PeriodRow[]): { averagePerMinute: number; peakPerMinute: number; peakRow: PeriodRow | null } {
  const seconds = rows.reduce((n, r) => n + r.seconds, 0);
  const sent = rows.reduce((n, r) => n + (r.sent ?? 0), 0);
  let peakRow: PeriodRow | null = null;
  let peakPerMinute = 0;
  for (const r of rows) {
    const period = (Date.parse(r.end) - Date.parse(r.start)) / 1000;
    if (!r.sent || r.seconds < THRESHOLDS.peakMinCoverage * period) continue;
    const perMinute = r.sent / (r.seconds / 60);
    if (perMinute > peakPerMinute) {
      peakPerMinute = perMinute;
      peakRow = r;
    }
  }
  return { averagePerMinute: seconds > 0 ? sent / (seconds / 60) : 0, peakPerMinute, peakRow };
}

/** The latest complete rows covering at least `recentIntervals` schedule intervals (all rows if none is complete). */
function recentSpan(rows: PeriodRow[], interval: number): { seconds: number; sent: number; received: number; deleted: number } {
  const complete = rows.filter((r) => !r.partial);
  const pool = complete.length ? complete : rows;
  const want = THRESHOLDS.recentIntervals * interval;
  const span = { seconds: 0, sent: 0, received: 0, deleted: 0 };
  for (let i = pool.length - 1; i >= 0 && span.seconds < want; i--) {
    const r = pool[i]!;
    span.seconds += r.seconds;
    span.sent += r.sent ?? 0;
    span.received += r.received ?? 0;
    span.deleted += r.deleted ?? 0;
  }
  return span;
}

/** The latest point, if it is at most `maxAgeSeconds` older than now. */
function latestPoint(points: MetricPoint[], now: Date, maxAgeSeconds: number): MetricPoint | null {
  let latest: MetricPoint | null = null;
  for (const p of points) if (Number.isFinite(p.value) && (!latest || p.timestamp > latest.timestamp)) latest = p;
  if (!latest || now.getTime() - latest.timestamp.getTime() > maxAgeSeconds * 1000) return null;
  return latest;
}

/**
 * The longest gap between two runs of a schedule, in seconds: the rate for rate(), the widest gap
 * among the next week's runs for cron() (a cron that skips the night is judged by the night).
 * Infinity when it never fires again or the expression does not parse.
 */
export function scheduleIntervalSeconds(expression: string, now: Date): number {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return Infinity;
  const s = parsed.schedule;
  if (s.kind === 'rate') return s.intervalMs / 1000;
  const horizon = now.getTime() + 8 * 86_400_000;
  let prev = nextRun(s, now);
  if (!prev) return Infinity;
  let widest = 0;
  for (let i = 0; i < 20_000; i++) {
    const next = nextRun(s, prev);
    if (!next) return widest || Infinity;
    widest = Math.max(widest, next.getTime() - prev.getTime());
    if (next.getTime() > horizon) break;
    prev = next;
  }
  return widest / 1000;
}

/**
 * A rate() that drains the busiest period `headroom` times over with `capacity` per run, at least
 * twice as often as now, rounded down to a familiar number of minutes, never below one minute.
 * Null expression when the schedule already runs every minute.
 */
export function recommend(intervalSeconds: number, peakPerMinute: number, capacity: number): { expression: string | null; minutes: number; raiseMaxMessages: number | null } {
  const currentMinutes = intervalSeconds / 60;
  const forPeak = peakPerMinute > 0 ? capacity / (peakPerMinute * THRESHOLDS.headroom) : Infinity;
  const target = Math.min(forPeak, Number.isFinite(currentMinutes) ? currentMinutes / 2 : forPeak, 1440);
  const minutes = [...NICE_MINUTES].reverse().find((m) => m <= target) ?? 1;
  const raiseMaxMessages = peakPerMinute * THRESHOLDS.headroom > capacity ? Math.ceil(peakPerMinute * THRESHOLDS.headroom) : null;
  if (currentMinutes <= 1) return { expression: null, minutes: 1, raiseMaxMessages: raiseMaxMessages ?? Math.max(capacity * 2, 1) };
  return { expression: rateExpression(minutes), minutes, raiseMaxMessages };
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function rateText(perMinute: number): string {
  return perMinute >= 10 ? `${count(perMinute)}/min` : `${Math.round(perMinute * 60).toLocaleString('en-US')}/hour`;
}

/** `2026-11-28 08:00 UTC` */
export function utc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

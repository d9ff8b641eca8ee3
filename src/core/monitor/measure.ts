/**
 * The measuring step of `athena monitor`: from the metric series and the schedule, the numbers the
 * rules judge (rows, totals, the schedule's interval, rates, the recent span, the oldest message's
 * age now). No thresholds beyond what a measurement needs, no wording.
 */
import { nextRun, parseSchedule } from '../schedule/schedule.js';
import { THRESHOLDS } from './thresholds.js';
import type { MetricPoint, MonitorInput, MonitorTotals, PeriodRow, QueueMetrics } from './types.js';
import type { MonitorWindow } from './window.js';

/** Sums over the latest complete periods covering `recentIntervals` schedule intervals. */
export interface Span {
  seconds: number;
  sent: number;
  received: number;
  deleted: number;
}

export interface Measurements {
  rows: PeriodRow[];
  totals: MonitorTotals;
  /** The longest gap between runs, seconds; Infinity when the schedule never fires again. */
  intervalSeconds: number;
  /** The oldest message's age from the latest fresh data point, or null. */
  age: MetricPoint | null;
  averagePerMinute: number;
  peakPerMinute: number;
  peakRow: PeriodRow | null;
  recent: Span;
}

export function measure({ settings, window, metrics }: MonitorInput): Measurements {
  const rows = buildRows(window, metrics);
  // With trigger sqs the schedule does not run the function: the rules judge by a fixed span.
  const intervalSeconds =
    settings.trigger?.kind === 'sqs' ? THRESHOLDS.sqsIntervalSeconds : scheduleIntervalSeconds(settings.scheduleExpression, window.now);
  return {
    rows,
    totals: totalsOf(rows),
    intervalSeconds,
    age: latestPoint(metrics.recentOldestAge, window.now, THRESHOLDS.freshSeconds),
    ...ratesOf(rows),
    recent: recentSpan(rows, intervalSeconds),
  };
}

/** Rows of the window with each metric bucketed into its period (Sum for counts, Maximum for levels). */
export function buildRows(window: MonitorWindow, metrics: QueueMetrics): PeriodRow[] {
  const periodMs = window.periodSeconds * 1000;
  const start = window.start.getTime();
  const now = window.now.getTime();
  const rows: PeriodRow[] = [];
  for (let i = 0; i < window.rowCount; i++) {
    const from = start + i * periodMs;
    const to = from + periodMs;
    const seen = Math.max(0, Math.min(to, now) - from);
    rows.push({
      start: new Date(from).toISOString(),
      end: new Date(to).toISOString(),
      partial: to > now,
      seconds: seen / 1000,
      sent: null,
      received: null,
      deleted: null,
      backlogMax: null,
      oldestAgeMaxSeconds: null,
    });
  }
  const place = (
    points: MetricPoint[],
    key: 'sent' | 'received' | 'deleted' | 'backlogMax' | 'oldestAgeMaxSeconds',
    combine: (x: number, y: number) => number,
  ) => {
    for (const point of points) {
      const row = rows[Math.floor((point.timestamp.getTime() - start) / periodMs)];
      if (!row || !Number.isFinite(point.value)) continue;
      row[key] = row[key] === null ? point.value : combine(row[key]!, point.value);
    }
  };
  const sum = (x: number, y: number) => x + y;
  place(metrics.sent, 'sent', sum);
  place(metrics.received, 'received', sum);
  place(metrics.deleted, 'deleted', sum);
  place(metrics.visible, 'backlogMax', Math.max);
  place(metrics.oldestAge, 'oldestAgeMaxSeconds', Math.max);
  // A row that has not started yet (the clock is before it) cannot hold data; drop it.
  return rows.filter((r) => r.seconds > 0 || r.sent !== null || r.received !== null || r.deleted !== null);
}

export function totalsOf(rows: PeriodRow[]): MonitorTotals {
  const sum = (key: 'sent' | 'received' | 'deleted') => rows.reduce((n, r) => n + (r[key] ?? 0), 0);
  const max = (key: 'backlogMax' | 'oldestAgeMaxSeconds') =>
    rows.reduce<number | null>((m, r) => (r[key] === null ? m : Math.max(m ?? 0, r[key]!)), null);
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
  for (const row of rows) {
    const period = (Date.parse(row.end) - Date.parse(row.start)) / 1000;
    if (!row.sent || row.seconds < THRESHOLDS.peakMinCoverage * period) continue;
    const perMinute = row.sent / (row.seconds / 60);
    if (perMinute > peakPerMinute) {
      peakPerMinute = perMinute;
      peakRow = row;
    }
  }
  return { averagePerMinute: seconds > 0 ? sent / (seconds / 60) : 0, peakPerMinute, peakRow };
}

/** The latest complete rows covering at least `recentIntervals` schedule intervals (all rows if none is complete). */
function recentSpan(rows: PeriodRow[], intervalSeconds: number): Span {
  const complete = rows.filter((r) => !r.partial);
  const pool = complete.length ? complete : rows;
  const want = THRESHOLDS.recentIntervals * intervalSeconds;
  const span: Span = { seconds: 0, sent: 0, received: 0, deleted: 0 };
  for (let i = pool.length - 1; i >= 0 && span.seconds < want; i--) {
    const row = pool[i]!;
    span.seconds += row.seconds;
    span.sent += row.sent ?? 0;
    span.received += row.received ?? 0;
    span.deleted += row.deleted ?? 0;
  }
  return span;
}

/** The latest point, if it is at most `maxAgeSeconds` older than now. */
function latestPoint(points: MetricPoint[], now: Date, maxAgeSeconds: number): MetricPoint | null {
  let latest: MetricPoint | null = null;
  for (const point of points) if (Number.isFinite(point.value) && (!latest || point.timestamp > latest.timestamp)) latest = point;
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
  const schedule = parsed.schedule;
  if (schedule.kind === 'rate') return schedule.intervalMs / 1000;
  const horizon = now.getTime() + 8 * 86_400_000;
  let previous = nextRun(schedule, now);
  if (!previous) return Infinity;
  let widest = 0;
  for (let i = 0; i < 20_000; i++) {
    const next = nextRun(schedule, previous);
    if (!next) return widest || Infinity;
    widest = Math.max(widest, next.getTime() - previous.getTime());
    if (next.getTime() > horizon) break;
    previous = next;
  }
  return widest / 1000;
}

/**
 * The time window `athena monitor` reads, cut into rows of one period each.
 *
 * Rows are aligned to whole periods (multiples of the period since the epoch, so hours start at
 * :00 and days at 00:00 UTC), which is also how CloudWatch aggregates best. The first row starts at
 * or before `now - window`, so the rows always cover at least the window; the last row ends after
 * `now` unless `now` falls on a boundary, and is then partial (only `now - start` of it has happened).
 */
import { opt, optionError } from '../kernel/errors.js';
import { formatDuration } from './duration.js';

export interface MonitorWindow {
  /** Start of the first row (inclusive). */
  start: Date;
  /** End of the last row (exclusive); after `now` when the last row is partial. */
  end: Date;
  now: Date;
  windowSeconds: number;
  periodSeconds: number;
  /** Resolution of the "right now" query (age of the oldest message): the finest CloudWatch keeps for the window. */
  recentPeriodSeconds: number;
  rowCount: number;
}

/** At most this many rows in one table (and the GetMetricData answer stays far below its 100,800 data points). */
export const MAX_ROWS = 1440;

const DAY = 86_400;
/** CloudWatch keeps 1-minute data points for 15 days, 5-minute ones for 63 days, hourly ones for 455 days. */
const RETENTION = [
  { upTo: 15 * DAY, resolution: 60 },
  { upTo: 63 * DAY, resolution: 300 },
  { upTo: 455 * DAY, resolution: 3600 },
] as const;

export function planWindow(now: Date, windowSeconds: number, periodSeconds: number): MonitorWindow {
  if (periodSeconds < 60 || periodSeconds % 60 !== 0) {
    throw optionError`${opt('period')} ${formatDuration(periodSeconds)}: use whole minutes (1m or more); SQS sends its metrics once a minute`;
  }
  if (windowSeconds < periodSeconds) {
    throw optionError`${opt('window')} ${formatDuration(windowSeconds)} is shorter than ${opt('period')} ${formatDuration(periodSeconds)}; make the window at least one period`;
  }
  const tier = RETENTION.find((t) => windowSeconds <= t.upTo);
  if (!tier)
    throw optionError`${opt('window')} ${formatDuration(windowSeconds)}: CloudWatch keeps SQS metrics for 455 days at most; use a shorter window`;
  if (periodSeconds % tier.resolution !== 0) {
    const over = formatDuration(tier.upTo === 63 * DAY ? 15 * DAY : 63 * DAY);
    const resolution = formatDuration(tier.resolution);
    throw optionError`${opt('period')} ${formatDuration(periodSeconds)}: for a window over ${over} CloudWatch only keeps ${resolution} data points; use a period that is a multiple of ${resolution}`;
  }
  const p = periodSeconds * 1000;
  const nowMs = now.getTime();
  const start = Math.floor((nowMs - windowSeconds * 1000) / p) * p;
  const end = Math.ceil(nowMs / p) * p;
  const rowCount = Math.round((end - start) / p);
  if (rowCount > MAX_ROWS) {
    // one row more than window/period when the window does not start on a boundary
    const shortest = Math.ceil(windowSeconds / (MAX_ROWS - 1) / tier.resolution) * tier.resolution;
    throw optionError`${opt('window')} ${formatDuration(windowSeconds)} with ${opt('period')} ${formatDuration(periodSeconds)} gives ${rowCount} rows; at most ${MAX_ROWS}: use ${opt('period')} ${formatDuration(shortest)} or longer`;
  }
  return { start: new Date(start), end: new Date(end), now, windowSeconds, periodSeconds, recentPeriodSeconds: tier.resolution, rowCount };
}

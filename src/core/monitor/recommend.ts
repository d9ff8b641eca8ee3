/** The schedule an `adjust` verdict recommends: fast enough to drain the busiest period twice over. */
import { rateExpression } from '../schedule/schedule.js';
import { NICE_MINUTES, THRESHOLDS } from './thresholds.js';

/**
 * A rate() that drains the busiest period `headroom` times over with `capacity` per run, at least
 * twice as often as now, rounded down to a familiar number of minutes, never below one minute.
 * Null expression when the schedule already runs every minute.
 */
export function recommend(
  intervalSeconds: number,
  peakPerMinute: number,
  capacity: number,
): { expression: string | null; minutes: number; raiseMaxMessages: number | null } {
  const currentMinutes = intervalSeconds / 60;
  const forPeak = peakPerMinute > 0 ? capacity / (peakPerMinute * THRESHOLDS.headroom) : Infinity;
  const target = Math.min(forPeak, Number.isFinite(currentMinutes) ? currentMinutes / 2 : forPeak, 1440);
  const minutes = [...NICE_MINUTES].reverse().find((m) => m <= target) ?? 1;
  const raiseMaxMessages = peakPerMinute * THRESHOLDS.headroom > capacity ? Math.ceil(peakPerMinute * THRESHOLDS.headroom) : null;
  if (currentMinutes <= 1) return { expression: null, minutes: 1, raiseMaxMessages: raiseMaxMessages ?? Math.max(capacity * 2, 1) };
  return { expression: rateExpression(minutes), minutes, raiseMaxMessages };
}

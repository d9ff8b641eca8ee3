/**
 * Schedule expressions as EventBridge accepts them:
 *   rate(1 minute) | rate(N minutes|hours|days)   (singular unit only for 1)
 *   cron(minutes hours day-of-month month day-of-week year)   (the rules are in cron.ts)
 * Parsing is pure and returns data; `nextRun` computes the next fire time in UTC.
 */
import { CronFieldError, parseCronFields, type CronSpec } from './cron.js';
import { nextCronTime } from './next.js';
import { quote } from '../kernel/quote.js';

export type RateUnit = 'minute' | 'hour' | 'day';

export type Schedule =
  | { kind: 'rate'; expression: string; value: number; unit: RateUnit; intervalMs: number }
  | { kind: 'cron'; expression: string; fields: CronFields; spec: CronSpec };

export interface CronFields {
  minutes: string;
  hours: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
  year: string;
}

export type ScheduleParse = { ok: true; schedule: Schedule } | { ok: false; reason: string };

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/**
 * EventBridge documents no upper bound for a rate; a run every ten years is already beyond any
 * use, and longer ones (`rate(99999999999999999999 minutes)`) are typos that overflow dates.
 */
export const MAX_RATE_MS = 3_650 * 86_400_000;
const RATE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const CRON = /^cron\((.*)\)$/;
const HINT = 'use rate(1 minute), rate(N minutes|hours|days) or cron(min hour day-of-month month day-of-week year)';

export function parseSchedule(expression: string): ScheduleParse {
  const text = expression.trim();
  const rate = RATE.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const word = rate[2]!;
    const unit = word.replace(/s$/, '') as RateUnit;
    if (value < 1) return { ok: false, reason: `"${text}": the rate must be a positive whole number` };
    if (value === 1 && word.endsWith('s')) return { ok: false, reason: `"${text}": write rate(1 ${unit}) (singular unit for 1)` };
    if (value > 1 && !word.endsWith('s')) return { ok: false, reason: `"${text}": write rate(${value} ${unit}s) (plural unit above 1)` };
    if (!Number.isSafeInteger(value) || value * UNIT_MS[unit] > MAX_RATE_MS) {
      return {
        ok: false,
        reason: `${quote(text, 80)}: the rate is at most 3650 days (87600 hours, 5256000 minutes); for rarer runs use cron()`,
      };
    }
    return { ok: true, schedule: { kind: 'rate', expression: text, value, unit, intervalMs: value * UNIT_MS[unit] } };
  }
  const cron = CRON.exec(text);
  if (cron) return parseCron(text, cron[1]!.trim());
  return { ok: false, reason: `${quote(text, 80)} is not a schedule expression: ${HINT}` };
}

function parseCron(text: string, body: string): ScheduleParse {
  const parts = body ? body.split(/\s+/) : [];
  if (parts.length !== 6) {
    return {
      ok: false,
      reason: `"${text}" has ${parts.length} field(s); cron() takes 6: minutes hours day-of-month month day-of-week year`,
    };
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
  try {
    const spec = parseCronFields(parts);
    return { ok: true, schedule: { kind: 'cron', expression: text, fields: { minutes, hours, dayOfMonth, month, dayOfWeek, year }, spec } };
  } catch (err) {
    if (err instanceof CronFieldError) return { ok: false, reason: `"${text}": ${err.message}` };
    throw err;
  }
}

/** The first fire time strictly after `from`, or null when the schedule never fires again. */
export function nextRun(schedule: Schedule, from: Date): Date | null {
  if (schedule.kind === 'rate') return new Date(from.getTime() + schedule.intervalMs);
  return nextCronTime(schedule.spec, from);
}

/** The next `count` fire times after `from` (fewer when the schedule ends first). */
export function nextRuns(schedule: Schedule, from: Date, count: number): Date[] {
  const times: Date[] = [];
  for (let t: Date | null = from; times.length < count && (t = nextRun(schedule, t));) times.push(t);
  return times;
}

/** The shortest whole-minute rate expression for an interval, never below one minute. */
export function rateExpression(minutes: number): string {
  const m = Math.max(1, Math.floor(minutes));
  return m === 1 ? 'rate(1 minute)' : `rate(${m} minutes)`;
}

/**
 * Schedule expressions as EventBridge (CloudWatch Events) accepts them:
 *   rate(1 minute) | rate(N minutes|hours|days)   (singular unit only for 1)
 *   cron(minutes hours day-of-month month day-of-week year)  with `?` in one of the day fields
 * Parsing is pure and returns data; `nextRun` computes the next fire time in UTC.
 */
import { CronExpressionParser } from 'cron-parser';
import { cronRangeProblem } from './cron-ranges.js';
import { quote } from './quote.js';

export type RateUnit = 'minute' | 'hour' | 'day';

export type Schedule =
  | { kind: 'rate'; expression: string; value: number; unit: RateUnit; intervalMs: number }
  | { kind: 'cron'; expression: string; fields: CronFields };

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

// Per-field character sets EventBridge accepts (names are checked by the cron parser later).
const FIELD_CHARS: Record<keyof CronFields, RegExp> = {
  minutes: /^[\d,\-*/]+$/,
  hours: /^[\d,\-*/]+$/,
  dayOfMonth: /^[\d,\-*?/LW]+$/,
  month: /^[\d,\-*/A-Za-z]+$/,
  dayOfWeek: /^[\d,\-*?/L#A-Za-z]+$/,
  year: /^[\d,\-*/]+$/,
};

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
      return { ok: false, reason: `${quote(text, 80)}: the rate is at most 3650 days (87600 hours, 5256000 minutes); for rarer runs use cron()` };
    }
    return { ok: true, schedule: { kind: 'rate', expression: text, value, unit, intervalMs: value * UNIT_MS[unit] } };
  }
  const cron = CRON.exec(text);
  if (cron) return parseCron(text, cron[1]!.trim());
  return { ok: false, reason: `${quote(text, 80)} is not a schedule expression: ${HINT}` };
}

function parseCron(text: string, body: string): ScheduleParse {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) {
    return { ok: false, reason: `"${text}" has ${parts.length} field(s); cron() takes 6: minutes hours day-of-month month day-of-week year` };
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
  const fields: CronFields = { minutes, hours, dayOfMonth, month, dayOfWeek, year };
  for (const [name, value] of Object.entries(fields) as [keyof CronFields, string][]) {
    if (!FIELD_CHARS[name].test(value)) return { ok: false, reason: `"${text}": invalid ${name} field "${value}"` };
  }
  const range = cronRangeProblem(fields);
  if (range) return { ok: false, reason: `"${text}": ${range}` };
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return { ok: false, reason: `"${text}": exactly one of day-of-month and day-of-week must be "?"` };
  }
  try {
    toCronParser(fields, new Date(0));
  } catch (err) {
    return { ok: false, reason: `"${text}": ${(err as Error).message}` };
  }
  return { ok: true, schedule: { kind: 'cron', expression: text, fields } };
}

/** EventBridge numbers days of the week 1-7 from Sunday; cron-parser 0-6. `#n` keeps its n. */
function shiftDayOfWeek(field: string): string {
  return field.replace(/(#?)(\d+)/g, (m, hash: string, n: string) => (hash ? m : String(Number(n) - 1)));
}

function toCronParser(f: CronFields, from: Date) {
  const expr = [f.minutes, f.hours, f.dayOfMonth, f.month, shiftDayOfWeek(f.dayOfWeek)].join(' ');
  return CronExpressionParser.parse(expr, { currentDate: from, tz: 'UTC' });
}

function yearMatches(field: string, year: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    if (range === '*') return (year - 1970) % step === 0;
    const [lo, hi] = range!.split('-').map(Number) as [number, number | undefined];
    const top = hi ?? (stepText ? 2199 : lo);
    return year >= lo && year <= top && (year - lo) % step === 0;
  });
}

/** The first fire time strictly after `from`, or null when the schedule never fires again. */
export function nextRun(schedule: Schedule, from: Date): Date | null {
  if (schedule.kind === 'rate') return new Date(from.getTime() + schedule.intervalMs);
  const it = toCronParser(schedule.fields, from);
  for (let i = 0; i < 100_000; i++) {
    if (!it.hasNext()) return null;
    const next = it.next().toDate();
    if (yearMatches(schedule.fields.year, next.getUTCFullYear())) return next;
    if (next.getUTCFullYear() > 2199) return null;
  }
  return null;
}

/** The shortest whole-minute rate expression for an interval, never below one minute. */
export function rateExpression(minutes: number): string {
  const m = Math.max(1, Math.floor(minutes));
  return m === 1 ? 'rate(1 minute)' : `rate(${m} minutes)`;
}

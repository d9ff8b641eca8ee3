/**
 * EventBridge cron() fields, parsed into sets and day rules (the rules of the EventBridge user
 * guide, "Cron expressions"):
 *
 *   minutes 0-59 , - * /        hours 0-23 , - * /          month 1-12 or JAN-DEC , - * /
 *   day-of-month 1-31 , - * ? / L W                         year 1970-2199 , - * /
 *   day-of-week 1-7 or SUN-SAT (1 = SUN) , - * ? / L #
 *
 * Exactly one of the day fields is `?`. `L` alone is the month's last day (day-of-month) or
 * Saturday (day-of-week); `LW` the month's last weekday; `15W` the weekday nearest the 15th,
 * within the month; `6L` the month's last Friday; `2#1` its first Monday (`#` stands alone in its
 * field). Ranges may wrap (`20-2` in hours is 20..23 and 0..2), a step counts on across the wrap.
 */
export type DayOfMonthRule =
  { kind: 'days'; days: boolean[] } | { kind: 'last' } | { kind: 'lastWeekday' } | { kind: 'nearestWeekday'; day: number };

export type DayOfWeekRule =
  | { kind: 'days'; days: boolean[] }
  /** The last `day` (1 = SUN … 7 = SAT) of the month. */
  | { kind: 'lastOfMonth'; day: number }
  /** The `nth` `day` of the month. */
  | { kind: 'nth'; day: number; nth: number };

export interface CronSpec {
  minutes: boolean[];
  hours: boolean[];
  months: boolean[];
  years: boolean[];
  /** null when the field is `?`. */
  dayOfMonth: DayOfMonthRule | null;
  dayOfWeek: DayOfWeekRule | null;
}

export const FIELD_NAMES = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

interface Range {
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export const RANGES: Record<FieldName, Range> = {
  minutes: { min: 0, max: 59 },
  hours: { min: 0, max: 23 },
  'day-of-month': { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTHS },
  'day-of-week': { min: 1, max: 7, names: DAYS },
  year: { min: 1970, max: 2199 },
};

/** A field that cannot be parsed; the message names the field and what is wrong. */
export class CronFieldError extends Error {}

function fail(field: FieldName, message: string): never {
  const r = RANGES[field];
  const names = r.names ? ` or ${r.names[0]}-${r.names[r.names.length - 1]}` : '';
  throw new CronFieldError(`${field} field: ${message} (values ${r.min}-${r.max}${names}${field === 'day-of-week' ? ', 1 = SUN' : ''})`);
}

function value(field: FieldName, text: string): number {
  const r = RANGES[field];
  const named = r.names?.indexOf(text as never) ?? -1;
  if (named >= 0) return r.min + named;
  if (!/^\d+$/.test(text)) fail(field, `"${text}" is not a number${r.names ? ' or a name' : ''}`);
  const n = Number(text);
  if (n < r.min || n > r.max) fail(field, `${n} is out of range`);
  return n;
}

/** A comma-separated list of `*`, `n`, `a-b`, with an optional `/step` on each. */
function valueSet(field: FieldName, text: string): boolean[] {
  const r = RANGES[field];
  const set: boolean[] = [];
  for (const item of text.split(',')) {
    if (!item) fail(field, `empty item in "${text}"`);
    const [base, stepText, extra] = item.split('/');
    if (extra !== undefined) fail(field, `"${item}" has more than one "/"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > r.max - r.min + 1)
        fail(field, `"${item}": the step after "/" must be a whole number from 1 to ${r.max - r.min + 1}`);
      step = Number(stepText);
    }
    let start: number;
    let end: number;
    if (base === '*') [start, end] = [r.min, r.max];
    else if (base!.includes('-')) {
      const [a, b, more] = base!.split('-');
      if (more !== undefined || !a || !b) fail(field, `"${item}" is not a range`);
      [start, end] = [value(field, a), value(field, b)];
    } else {
      start = value(field, base!);
      // `a/step` runs from a to the top of the field; a bare value is just itself.
      end = stepText === undefined ? start : r.max;
    }
    // A range that wraps (end before start) continues from the field's minimum.
    const size = r.max - r.min + 1;
    const span = end >= start ? end - start : end + size - start;
    for (let k = 0; k <= span; k += step) set[start + k > r.max ? start + k - size : start + k] = true;
  }
  return set;
}

function dayOfMonth(text: string): DayOfMonthRule | null {
  if (text === '?') return null;
  if (text === 'L') return { kind: 'last' };
  if (text === 'LW') return { kind: 'lastWeekday' };
  const w = /^(\d+)W$/.exec(text);
  if (w) return { kind: 'nearestWeekday', day: value('day-of-month', w[1]!) };
  if (/[LW]/.test(text)) fail('day-of-month', `"${text}": L and W stand alone (L, LW, or a day such as 15W), not in a list or range`);
  return { kind: 'days', days: valueSet('day-of-month', text) };
}

function dayOfWeek(text: string): DayOfWeekRule | null {
  if (text === '?') return null;
  if (text === 'L') return { kind: 'days', days: valueSet('day-of-week', '7') };
  const last = /^([^,#/-]+)L$/.exec(text);
  if (last) return { kind: 'lastOfMonth', day: value('day-of-week', last[1]!) };
  const nth = /^([^,#/-]+)#(\d+)$/.exec(text);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) fail('day-of-week', `"${text}": the number after # must be 1 to 5 (the nth such day of the month)`);
    return { kind: 'nth', day: value('day-of-week', nth[1]!), nth: n };
  }
  if (text.includes('#'))
    fail('day-of-week', `"${text}": # takes one day and one number (2#1 is the first Monday) and stands alone in its field`);
  if (text.includes('L')) fail('day-of-week', `"${text}": L stands alone (L) or after one day (6L is the last Friday)`);
  return { kind: 'days', days: valueSet('day-of-week', text) };
}

/** Parses the six fields of cron(...); throws CronFieldError naming the field at fault. */
export function parseCronFields(fields: readonly string[]): CronSpec {
  // Names and letters are read case-insensitively, as EventBridge does (mon-fri, l).
  const [minutes, hours, dom, month, dow, year] = fields.map((f) => f.toUpperCase()) as [string, string, string, string, string, string];
  const single = (field: FieldName, text: string) => {
    if (text.includes('?')) fail(field, '"?" is only for day-of-month or day-of-week');
    return valueSet(field, text);
  };
  const spec: CronSpec = {
    minutes: single('minutes', minutes),
    hours: single('hours', hours),
    months: single('month', month),
    years: single('year', year),
    dayOfMonth: dayOfMonth(dom),
    dayOfWeek: dayOfWeek(dow),
  };
  if ((spec.dayOfMonth === null) === (spec.dayOfWeek === null)) {
    throw new CronFieldError('exactly one of day-of-month and day-of-week must be "?" (a value or * in one, ? in the other)');
  }
  return spec;
}

/**
 * The value ranges of EventBridge cron() fields (EventBridge user guide, "Cron expressions"):
 * minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12, day-of-week 1-7 (1 = SUN), year
 * 1970-2199; `n#k` takes k in 1-5. The cron library we compute times with shifts day-of-week
 * to 0-6 and reads 7 as Sunday again, so `cron(0 0 ? * 8 *)` got through; AWS refuses it.
 */
import type { CronFields } from './schedule.js';

const RANGES: Record<keyof CronFields, { name: string; min: number; max: number }> = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12 },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7 },
  year: { name: 'year', min: 1970, max: 2199 },
};

/** What is out of range in the fields, or undefined. */
export function cronRangeProblem(fields: CronFields): string | undefined {
  for (const [key, value] of Object.entries(fields) as [keyof CronFields, string][]) {
    const r = RANGES[key];
    for (const part of value.split(',')) {
      const [values = '', step] = part.split('/');
      const [base = '', nth] = values.split('#');
      if (nth !== undefined && !/^[1-5]$/.test(nth)) return `day-of-week field: "${part}": the week in n#k is 1-5`;
      for (const n of base.match(/\d+/g) ?? []) {
        if (Number(n) < r.min || Number(n) > r.max) return `${r.name} field: ${n} is out of range (values ${r.min}-${r.max}${key === 'dayOfWeek' ? ', 1 = SUN' : ''})`;
      }
      if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return `${r.name} field: "${part}": the step after "/" must be a positive whole number`;
    }
  }
  return undefined;
}

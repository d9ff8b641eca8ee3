/** When a parsed cron() fires next, in UTC (EventBridge's scheduled rules run on UTC). */
import { RANGES, type CronSpec } from './cron.js';

const MAX_YEAR = RANGES.year.max;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = SUN … 7 = SAT, EventBridge's numbering. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

const isWeekend = (dow: number) => dow === 1 || dow === 7;

/** The weekday nearest `day` without leaving the month (Saturday 1st → Monday 3rd, Sunday last → Friday). */
export function nearestWeekday(year: number, month: number, day: number): number | null {
  const last = daysInMonth(year, month);
  if (day > last) return null;
  const dow = weekday(year, month, day);
  if (dow === 7) return day === 1 ? 3 : day - 1;
  if (dow === 1) return day === last ? day - 2 : day + 1;
  return day;
}

function lastWeekday(year: number, month: number): number {
  let d = daysInMonth(year, month);
  while (isWeekend(weekday(year, month, d))) d--;
  return d;
}

export function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  const dom = spec.dayOfMonth;
  if (dom) {
    switch (dom.kind) {
      case 'days':
        return Boolean(dom.days[day]);
      case 'last':
        return day === daysInMonth(year, month);
      case 'lastWeekday':
        return day === lastWeekday(year, month);
      case 'nearestWeekday':
        return day === nearestWeekday(year, month, dom.day);
    }
  }
  const dow = spec.dayOfWeek!;
  const wd = weekday(year, month, day);
  switch (dow.kind) {
    case 'days':
      return Boolean(dow.days[wd]);
    case 'lastOfMonth':
      return wd === dow.day && day + 7 > daysInMonth(year, month);
    case 'nth':
      return wd === dow.day && Math.ceil(day / 7) === dow.nth;
  }
}

/** The first minute strictly after `from` that the expression matches, or null (none before 2200). */
export function nextCronTime(spec: CronSpec, from: Date): Date | null {
  // Start at the next whole minute: a schedule fires on minute boundaries.
  const start = new Date(Math.floor(from.getTime() / 60_000) * 60_000 + 60_000);
  const [y0, mo0, d0, h0, mi0] = [
    start.getUTCFullYear(),
    start.getUTCMonth() + 1,
    start.getUTCDate(),
    start.getUTCHours(),
    start.getUTCMinutes(),
  ];
  for (let y = Math.max(y0, RANGES.year.min); y <= MAX_YEAR; y++) {
    if (!spec.years[y]) continue;
    const firstYear = y === y0;
    for (let mo = firstYear ? mo0 : 1; mo <= 12; mo++) {
      if (!spec.months[mo]) continue;
      const firstMonth = firstYear && mo === mo0;
      const last = daysInMonth(y, mo);
      for (let d = firstMonth ? d0 : 1; d <= last; d++) {
        if (!dayMatches(spec, y, mo, d)) continue;
        const firstDay = firstMonth && d === d0;
        for (let h = firstDay ? h0 : 0; h < 24; h++) {
          if (!spec.hours[h]) continue;
          for (let mi = firstDay && h === h0 ? mi0 : 0; mi < 60; mi++) {
            if (spec.minutes[mi]) return new Date(Date.UTC(y, mo - 1, d, h, mi));
          }
        }
      }
    }
  }
  return null;
}

/**
 * Why a cron() expression never fires, when the reason is in its fields rather than in time
 * running out: a day-of-month that none of the months given has (`cron(0 0 31 2 ? *)`: February
 * has no 31st; `cron(0 0 31 4,6 ? *)`: April and June have 30 days). EventBridge accepts such
 * expressions; they simply never run.
 */
import type { CronSpec } from './cron.js';

const MONTH_NAMES = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** The most days each month can have (February in a leap year). */
const MAX_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
const list = (words: string[], and: string) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;

/** The sentence ending "never fires: …", or null when the day and month fields can meet. */
export function impossibleDays(spec: CronSpec): string | null {
  const dom = spec.dayOfMonth;
  const days = dom?.kind === 'days' ? dom.days.flatMap((on, day) => (on ? [day] : [])) : dom?.kind === 'nearestWeekday' ? [dom.day] : null;
  if (!days?.length) return null;
  const months = spec.months.flatMap((on, month) => (on ? [month] : []));
  if (months.some((month) => days.some((day) => day <= MAX_DAYS[month]!))) return null;
  const names = months.map((month) => MONTH_NAMES[month]!);
  return `${list(names, 'and')} ${names.length > 1 ? 'have' : 'has'} no ${list(days.map(ordinal), 'or')}`;
}

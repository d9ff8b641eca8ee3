/**
 * The `--since` / `--until` range of a backfill, on dt values. Pure.
 *
 * dt values (`YYYY-MM-DD-HH`) have fixed width, so their string order is time order, and a folder
 * that fixes only the first parts (`2026`, `2026-11`, `2026-11-28`) holds exactly the dt values
 * with that prefix: comparing the prefix with the bounds cut to its length decides whether the
 * folder can hold anything in range — whole years, months and days are skipped without listing.
 */
import { opt, optionError } from '../kernel/errors.js';
import { dateHour } from '../partitions/partition.js';

/** Inclusive bounds; either may be open. */
export interface DtRange {
  since?: string;
  until?: string;
}

const BOUND = /^(\d{4})-(\d{2})-(\d{2})(?:-(\d{2}))?$/;

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD-HH` → a dt bound. A day alone means its first hour for `--since`
 * and its last for `--until`, so `--since 2026-11-01 --until 2026-11-01` is that whole day.
 */
export function parseBound(text: string, which: 'since' | 'until'): string {
  const m = BOUND.exec(text.trim());
  const hour = m?.[4] ?? (which === 'since' ? '00' : '23');
  const dt = m ? dateHour(m[1]!, m[2]!, m[3]!, hour) : null;
  if (!dt) throw optionError`${opt(which)} must be a date YYYY-MM-DD or a date and hour YYYY-MM-DD-HH (UTC, as in dt=), not "${text}"`;
  return dt;
}

export function parseRange(since?: string, until?: string): DtRange {
  const range: DtRange = {};
  if (since !== undefined) range.since = parseBound(since, 'since');
  if (until !== undefined) range.until = parseBound(until, 'until');
  if (range.since && range.until && range.since > range.until) {
    throw optionError`${opt('since')} ${since} is after ${opt('until')} ${until}: nothing lies between them`;
  }
  return range;
}

/** Whether a dt value lies in the range. */
export function inRange(range: DtRange, dt: string): boolean {
  return (!range.since || dt >= range.since) && (!range.until || dt <= range.until);
}

/** Whether a folder fixing the dt parts given (`['2026']`, `['2026', '11']`, ...) can hold dt values in range. */
export function folderInRange(range: DtRange, parts: readonly string[]): boolean {
  const prefix = parts.join('-');
  return (!range.since || prefix >= range.since.slice(0, prefix.length)) && (!range.until || prefix <= range.until.slice(0, prefix.length));
}

/** A Glue GetPartitions expression selecting the range on `dt`, or undefined for all partitions. */
export function dtExpression(range: DtRange): string | undefined {
  // The bounds were built by parseBound from digits alone: nothing to escape.
  const terms = [range.since ? `dt >= '${range.since}'` : '', range.until ? `dt <= '${range.until}'` : ''].filter(Boolean);
  return terms.length ? terms.join(' AND ') : undefined;
}

export function isEmptyRange(range: DtRange): boolean {
  return !range.since && !range.until;
}

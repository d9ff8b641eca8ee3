/** The day deploy and export check runtimes against (each runtime's deprecation dates). */
import { UsageError } from '../core/kernel/errors.js';

/**
 * Today, or STREAMALERT_TODAY (YYYY-MM-DD) to see what a deploy or export on another day would say
 * (and to keep tests independent of the clock).
 */
export function today(): Date {
  const given = process.env.STREAMALERT_TODAY;
  if (!given) return new Date();
  const date = new Date(`${given}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(given) || Number.isNaN(date.getTime()))
    throw new UsageError(`STREAMALERT_TODAY must be a date YYYY-MM-DD, not "${given}"`);
  return date;
}

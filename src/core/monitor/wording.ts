/** How `athena monitor` writes numbers, shares, rates and times in its sentences. */

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** `500/min` for busy rates, `120/hour` for slow ones. */
export function rateText(perMinute: number): string {
  return perMinute >= 10 ? `${count(perMinute)}/min` : `${Math.round(perMinute * 60).toLocaleString('en-US')}/hour`;
}

/** `2026-11-28 08:00 UTC` from a Date or an ISO time. */
export function utc(time: Date | string): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

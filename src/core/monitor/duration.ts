/** Durations as people type them on the command line (`90s`, `30m`, `1h30m`, `7d`) and as we print them. */

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;
const DURATION = /^(?:\d+[smhdw])+$/;

/** Seconds in a duration such as `24h`, `1h30m` or `90s`; null when the text is not one. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (!DURATION.test(t)) return null;
  let seconds = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([smhdw])/g)) seconds += Number(n) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : null;
}

/** The shortest exact spelling of a whole number of seconds: 3600 → `1h`, 5400 → `1h30m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  let rest = Math.round(seconds);
  if (rest <= 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}

/** A human reading of an age or a wait, two units at most: `45s`, `12m`, `3h 5m`, `2d 4h`. */
export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return join(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm');
  return join(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h');
}

function join(a: number, ua: string, b: number, ub: string): string {
  return b ? `${a}${ua} ${b}${ub}` : `${a}${ua}`;
}

/** `minute`, `2 minutes`, `hour`, `3 hours`, `day`: for "every …". */
export function formatEvery(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'never';
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? unit : `${n} ${unit}s`;
    }
  }
  return formatAge(seconds);
}

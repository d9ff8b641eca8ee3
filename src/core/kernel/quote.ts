/**
 * Showing values we did not choose: bucket names, keys and event names from queue messages,
 * option values, configuration values. Whoever can write to the queue must not be able to move
 * the cursor, recolour the terminal, forge output lines or flood it, so every such value is shown
 * quoted, escaped and cut to a bounded length. Pure.
 */

/** How much of an echoed value is shown. */
export const MAX_SHOWN = 200;

/**
 * Characters a terminal or log viewer acts on beyond printing: C0 controls and DEL (escape
 * sequences, carriage returns, line feeds), C1 controls (U+009B is a one-byte CSI), line and
 * paragraph separators, and the bidirectional overrides that reorder what is shown.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** As UNSAFE, but keeping line feeds and tabs: for our own multi-line messages. */
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw inside strings (it escapes C0 itself; its own line breaks are layout). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** At most `max` characters of `value`, with `…` when cut (never splitting a surrogate pair). */
export function cut(value: string, max = MAX_SHOWN): string {
  if (value.length <= max) return value;
  let end = max;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${value.slice(0, end)}…`;
}

/** A value as a double-quoted, escaped, length-bounded string: `"alerts/dt=…"`. */
export function quote(value: unknown, max = MAX_SHOWN): string {
  const text = typeof value === 'string' ? value : safeStringify(value);
  return JSON.stringify(cut(text, max)).replace(UNSAFE, escapeChar);
}

/** One line of text with every control character escaped (for values printed unquoted). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Our own (possibly multi-line) text with the control characters that are not line breaks escaped. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, escapeChar);
}

/**
 * JSON for terminals and log viewers: JSON.stringify escapes C0 controls but leaves DEL, C1
 * controls, separators and bidi overrides raw; this escapes them too (still valid JSON).
 */
export function safeJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNSAFE_IN_JSON, escapeChar);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

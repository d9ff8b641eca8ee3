/**
 * Layout templates: the key path below a table's location, `{account}/CloudTrail/{region}/{day:yyyy/MM/dd}/`.
 * `{key}` is text within one path segment; `{key:FORMAT}` a date written with DateTimeFormatter
 * letters (date-format.ts), whose separators may include `/`. Pure.
 *
 * A template is kept as path segments of tokens, so a key is matched segment by segment
 * (`key.split('/')`) and the backfill can list one segment level at a time with `Delimiter: '/'`.
 */
import { IDENTIFIER } from '../../config/schema.js';
import { parseDateFormat, type DateFormat, type DateParts, type DateUnit } from './date-format.js';

export type Token =
  { kind: 'text'; text: string } | { kind: 'key'; key: string } | { kind: 'date'; key: string; unit: DateUnit; width: number };

export interface Template {
  text: string;
  /** One token list per path segment. */
  segments: Token[][];
  /** Ends in `/`: it names a folder (data layouts always do). */
  folder: boolean;
  /** Placeholder names in order of appearance. */
  keys: string[];
  /** The date format of each `{key:FORMAT}`. */
  dates: Map<string, DateFormat>;
}

export type TemplateResult = { ok: true; template: Template } | { ok: false; problem: string };

/** Characters a value of `{key}` may not hold: `/` (it is one segment) and control characters. */
const VALUE = '[^/\\u0000-\\u001f\\u007f]+';
const INTEGER = '-?\\d{1,19}';

export function parseTemplate(text: string): TemplateResult {
  const fail = (problem: string): TemplateResult => ({ ok: false, problem: `layout "${text}": ${problem}` });
  if (!text) return fail('is empty');
  if (text.startsWith('/')) return fail('starts with "/"; it is the path below the location, which ends in "/"');
  if (/[\u0000-\u001f\u007f]/.test(text)) return fail('holds a control character');
  const flat: (Token | '/')[] = [];
  const keys: string[] = [];
  const dates = new Map<string, DateFormat>();
  const pushText = (s: string) => {
    for (const part of s.split(/(\/)/)) {
      if (part === '/') flat.push('/');
      else if (part) {
        const last = flat[flat.length - 1];
        if (last && last !== '/' && last.kind === 'text') last.text += part;
        else flat.push({ kind: 'text', text: part });
      }
    }
  };
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    const close = text.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) return fail('has a "}" without its "{"');
    if (open === -1) {
      pushText(text.slice(i));
      break;
    }
    pushText(text.slice(i, open));
    const end = text.indexOf('}', open);
    if (end === -1) return fail('has a "{" without its "}"');
    const inner = text.slice(open + 1, end);
    if (inner.includes('{')) return fail('has a "{" inside a placeholder');
    const colon = inner.indexOf(':');
    const name = colon === -1 ? inner : inner.slice(0, colon);
    if (!IDENTIFIER.test(name)) return fail(`{${inner}}: "${name}" is not a key name (letters, digits and underscores)`);
    if (keys.includes(name)) return fail(`uses {${name}} twice; each key appears once`);
    const previous = flat[flat.length - 1];
    if (previous && previous !== '/' && previous.kind !== 'text')
      return fail(
        `{${inner}} follows another placeholder with nothing between them: where one value ends and the next begins would be a guess`,
      );
    keys.push(name);
    if (colon === -1) flat.push({ kind: 'key', key: name });
    else {
      const parsed = parseDateFormat(inner.slice(colon + 1));
      if (!parsed.ok) return fail(parsed.problem);
      dates.set(name, parsed.format);
      for (const t of parsed.format.tokens) {
        if (t.kind === 'text') pushText(t.text);
        else flat.push({ kind: 'date', key: name, unit: t.unit, width: t.width });
      }
    }
    i = end + 1;
  }
  const segments: Token[][] = [[]];
  for (const t of flat) {
    if (t === '/') segments.push([]);
    else segments[segments.length - 1]!.push(t);
  }
  const folder = segments[segments.length - 1]!.length === 0;
  if (folder) segments.pop();
  if (segments.some((s) => s.length === 0)) return fail('has an empty folder ("//")');
  for (const s of segments) {
    for (let j = 1; j < s.length; j++) {
      if (s[j]!.kind !== 'text' && s[j - 1]!.kind !== 'text' && (s[j]!.kind === 'key' || s[j - 1]!.kind === 'key')) {
        return fail('has two placeholders with nothing between them: where one value ends and the next begins would be a guess');
      }
    }
    const only = s.length === 1 ? s[0]! : undefined;
    if (only?.kind === 'text' && (only.text === '.' || only.text === '..')) return fail('has a "." or ".." folder');
  }
  return { ok: true, template: { text, segments, folder, keys, dates } };
}

/** Key types that change what `{key}` matches: int and bigint keys match digits only. */
export type KeyTypes = ReadonlyMap<string, string>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One segment's regular expression; captures come in token order. */
export function segmentPattern(tokens: readonly Token[], types?: KeyTypes): RegExp {
  const body = tokens
    .map((t) => {
      if (t.kind === 'text') return escape(t.text);
      if (t.kind === 'date') return `(\\d{${t.width}})`;
      const type = types?.get(t.key);
      return `(${type === 'int' || type === 'bigint' ? INTEGER : VALUE})`;
    })
    .join('');
  return new RegExp(`^${body}$`);
}

/** What a matched segment (or path) gave: `{key}` values and date digits by key. */
export interface Captures {
  values: Map<string, string>;
  dates: Map<string, DateParts>;
}

export const emptyCaptures = (): Captures => ({ values: new Map(), dates: new Map() });

/** Matches one segment, adding to a copy of `into` (the backfill branches per folder); null when it does not fit. */
export function matchSegment(tokens: readonly Token[], pattern: RegExp, segment: string, into: Captures): Captures | null {
  const out: Captures = { values: new Map(into.values), dates: new Map([...into.dates].map(([k, v]) => [k, { ...v }])) };
  return addSegment(tokens, pattern, segment, out) ? out : null;
}

/** Matches one segment, adding its captures to `into` itself (the refresh's hot path copies nothing). */
function addSegment(tokens: readonly Token[], pattern: RegExp, segment: string, into: Captures): boolean {
  const m = pattern.exec(segment);
  if (!m) return false;
  let group = 1;
  for (const t of tokens) {
    if (t.kind === 'text') continue;
    const value = m[group++]!;
    if (t.kind === 'key') into.values.set(t.key, value);
    else {
      const parts = into.dates.get(t.key);
      if (parts) parts[t.unit] = value;
      else into.dates.set(t.key, { [t.unit]: value });
    }
  }
  return true;
}

/** A template compiled for matching. */
export interface CompiledTemplate {
  template: Template;
  patterns: RegExp[];
}

export function compile(template: Template, types?: KeyTypes): CompiledTemplate {
  return { template, patterns: template.segments.map((s) => segmentPattern(s, types)) };
}

/**
 * Matches the first segments of a path. `exact`: the path is the template (ignore layouts without
 * a trailing `/`); otherwise something must follow the matched folder (a file, or deeper folders).
 */
export function matchPath(compiled: CompiledTemplate, segments: readonly string[], exact = false): Captures | null {
  const n = compiled.patterns.length;
  if (exact ? segments.length !== n : segments.length <= n) return null;
  const captures = emptyCaptures();
  for (let i = 0; i < n; i++) if (!addSegment(compiled.template.segments[i]!, compiled.patterns[i]!, segments[i]!, captures)) return null;
  return captures;
}

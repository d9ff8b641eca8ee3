/**
 * Date formats in partition layouts, written with Java DateTimeFormatter letters as Athena's
 * partition projection reads them (`projection.<key>.format`): `yyyy`, `MM`, `dd`, `HH`, with any
 * separators between them (`yyyy/MM/dd`, `yyyy-MM-dd-HH`). Pure.
 *
 * Units come coarse to fine and each one needs the one before (a day needs its month), so a
 * value's digits, read in order, are a prefix of `YYYY-MM-DD-HH`: the backfill range compares
 * them as it compares dt values.
 */

export type DateUnit = 'y' | 'M' | 'd' | 'H';

/** The units in order, with their letters and width. */
export const DATE_UNITS: readonly { unit: DateUnit; letters: string; name: string }[] = [
  { unit: 'y', letters: 'yyyy', name: 'YEARS' },
  { unit: 'M', letters: 'MM', name: 'MONTHS' },
  { unit: 'd', letters: 'dd', name: 'DAYS' },
  { unit: 'H', letters: 'HH', name: 'HOURS' },
];

/** One piece of a format: a unit's digits or separator text. */
export type DateToken = { kind: 'unit'; unit: DateUnit; width: number } | { kind: 'text'; text: string };

export interface DateFormat {
  /** As written: `yyyy/MM/dd`. */
  text: string;
  tokens: DateToken[];
  /** The finest unit: the projection's interval unit. */
  finest: DateUnit;
}

export type DateFormatResult = { ok: true; format: DateFormat } | { ok: false; problem: string };

export function parseDateFormat(text: string): DateFormatResult {
  const tokens: DateToken[] = [];
  let expected = 0;
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (/[A-Za-z]/.test(c)) {
      let run = 1;
      while (text[i + run] === c) run++;
      const letters = c.repeat(run);
      const unit = DATE_UNITS[expected];
      if (!DATE_UNITS.some((u) => u.letters === letters))
        return { ok: false, problem: `"${letters}" in date format "${text}" is not one of yyyy, MM, dd, HH` };
      if (!unit || unit.letters !== letters)
        return {
          ok: false,
          problem: `date format "${text}": units go yyyy, MM, dd, HH in that order, each after the one before (found ${letters} where ${unit?.letters ?? 'nothing more'} was expected)`,
        };
      tokens.push({ kind: 'unit', unit: unit.unit, width: letters.length });
      expected++;
      i += run;
    } else if (c === "'" || c === '{' || c === '}') {
      return { ok: false, problem: `date format "${text}": ${c} is not allowed (separators are the characters between the letters)` };
    } else {
      const last = tokens[tokens.length - 1];
      if (last?.kind === 'text') last.text += c;
      else tokens.push({ kind: 'text', text: c });
      i++;
    }
  }
  if (!expected) return { ok: false, problem: `date format "${text}" has no yyyy` };
  return { ok: true, format: { text, tokens, finest: DATE_UNITS[expected - 1]!.unit } };
}

export function unitName(unit: DateUnit): string {
  return DATE_UNITS.find((u) => u.unit === unit)!.name;
}

/** The digits of a value by unit (`{y: '2026', M: '11'}`), in unit order. */
export type DateParts = Partial<Record<DateUnit, string>>;

/** The parts in order as a dt-style prefix list (`['2026', '11', '28']`) for range checks. */
export function partList(parts: DateParts): string[] {
  const out: string[] = [];
  for (const { unit } of DATE_UNITS) {
    const v = parts[unit];
    if (v === undefined) break;
    out.push(v);
  }
  return out;
}

/** Whether the parts name a real date (and hour): 2026-02-30 does not exist. */
export function realDate(parts: DateParts): boolean {
  const month = parts.M === undefined ? 1 : Number(parts.M);
  const day = parts.d === undefined ? 1 : Number(parts.d);
  if (month < 1 || month > 12) return false;
  const daysInMonth = new Date(Date.UTC(Number(parts.y), month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth && (parts.H === undefined || Number(parts.H) <= 23);
}

/** The value as the format writes it. */
export function formatDate(format: DateFormat, parts: DateParts): string {
  return format.tokens.map((t) => (t.kind === 'text' ? t.text : (parts[t.unit] ?? ''))).join('');
}

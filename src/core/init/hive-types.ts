/**
 * Hive column types as Athena reads them from the Glue catalog: primitives, and the nested
 * array<T>, map<K,V> and struct<name:T,...>. Parsing gives the canonical spelling (lower case,
 * no spaces) that is written to Glue and compared with what a live table holds.
 */

const PRIMITIVES = new Set(['string', 'tinyint', 'smallint', 'int', 'bigint', 'boolean', 'float', 'double', 'date', 'timestamp', 'binary']);
/** Spellings Athena's DDL accepts that Glue stores under another name. */
const ALIASES: Record<string, string> = { integer: 'int' };

export type HiveTypeResult = { ok: true; type: string } | { ok: false; reason: string };

class HiveTypeError extends Error {}

/** Parses a Hive type; on success `type` is its canonical form. */
export function parseHiveType(text: string): HiveTypeResult {
  const tokens = tokenize(text.toLowerCase());
  if (!tokens.length) return { ok: false, reason: 'empty type' };
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new HiveTypeError('the type ends too early');
    return t;
  };
  const expect = (t: string) => {
    const got = next();
    if (got !== t) throw new HiveTypeError(`expected "${t}" but found "${got}"`);
  };
  const number = (what: string): number => {
    const t = next();
    if (!/^\d+$/.test(t)) throw new HiveTypeError(`${what} must be a whole number, not "${t}"`);
    return Number(t);
  };

  const primitive = (): string => {
    const token = next();
    const name = ALIASES[token] ?? token;
    if (PRIMITIVES.has(name)) return name;
    if (name === 'decimal') {
      if (peek() !== '(') return 'decimal';
      next();
      const precision = number('decimal precision');
      let scale = 0;
      if (peek() === ',') {
        next();
        scale = number('decimal scale');
      }
      expect(')');
      if (precision < 1 || precision > 38) throw new HiveTypeError(`decimal precision must be 1-38, not ${precision}`);
      if (scale > precision) throw new HiveTypeError(`decimal scale ${scale} is larger than its precision ${precision}`);
      return `decimal(${precision},${scale})`;
    }
    if (name === 'varchar' || name === 'char') {
      expect('(');
      const length = number(`${name} length`);
      expect(')');
      const max = name === 'char' ? 255 : 65535;
      if (length < 1 || length > max) throw new HiveTypeError(`${name} length must be 1-${max}, not ${length}`);
      return `${name}(${length})`;
    }
    throw new HiveTypeError(`unknown type "${name}"`);
  };

  const type = (): string => {
    const head = peek();
    if (head === 'array') {
      next();
      expect('<');
      const element = type();
      expect('>');
      return `array<${element}>`;
    }
    if (head === 'map') {
      next();
      expect('<');
      const key = primitive();
      expect(',');
      const value = type();
      expect('>');
      return `map<${key},${value}>`;
    }
    if (head === 'struct') {
      next();
      expect('<');
      const fields: string[] = [];
      const names = new Set<string>();
      do {
        if (fields.length) expect(',');
        const name = next();
        if (!/^[a-z_][a-z0-9_]*$/.test(name))
          throw new HiveTypeError(`struct field name "${name}" must be letters, digits and underscores`);
        if (names.has(name)) throw new HiveTypeError(`struct field "${name}" appears twice`);
        names.add(name);
        expect(':');
        fields.push(`${name}:${type()}`);
      } while (peek() === ',');
      expect('>');
      return `struct<${fields.join(',')}>`;
    }
    return primitive();
  };

  try {
    const parsed = type();
    if (i < tokens.length) throw new HiveTypeError(`unexpected "${tokens.slice(i).join('')}" after ${parsed}`);
    return { ok: true, type: parsed };
  } catch (err) {
    if (err instanceof HiveTypeError) return { ok: false, reason: err.message };
    throw err;
  }
}

function tokenize(text: string): string[] {
  return text.match(/[a-z_][a-z0-9_]*|\d+|[<>(),:]|[^\s]/g) ?? [];
}

/** The canonical form of a type already known to be valid (or the input, lower-cased, if not). */
export function canonicalHiveType(text: string): string {
  const parsed = parseHiveType(text);
  return parsed.ok ? parsed.type : text.toLowerCase().replace(/\s+/g, '');
}

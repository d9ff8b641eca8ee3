/**
 * Where a JSON text breaks the grammar, so config errors can say line and column. Node 20's
 * JSON.parse names no position for "Unexpected token" and "Unexpected end of JSON input";
 * jsonc-parser, held to strict JSON (no comments, no trailing commas), finds the token where
 * parsing broke. Pure; never throws.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;
const LITERALS: Record<string, string> = { t: 'true', f: 'false', n: 'null' };

/** The offset of the first syntax error (text.length when the text ends too soon), or undefined when the text is valid JSON. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, STRICT);
  } catch {
    return undefined; // nesting too deep for the parser's recursion: no position rather than a crash
  }
  const first = errors[0];
  if (!first) return undefined;
  // ParseErrorCode is a const enum, which isolated modules cannot read; its names can be.
  const code = printParseErrorCode(first.error);
  // A string still open at the end: the input ended too soon (jsonc-parser points at its quote).
  if (code === 'UnexpectedEndOfString') return text.length;
  // jsonc-parser flags a misspelt literal where a value belongs as a whole (`tru` in `tru}`);
  // JSON.parse stops at the first character that leaves the literal (the `}`), and so do we.
  const before = text.slice(0, first.offset).trimEnd().at(-1);
  const valueExpected = before === undefined || before === ':' || before === '[' || before === ',';
  const literal = code === 'InvalidSymbol' && valueExpected ? LITERALS[text[first.offset] ?? ''] : undefined;
  if (!literal) return first.offset;
  let matched = 0;
  while (matched < first.length && text[first.offset + matched] === literal[matched]) matched++;
  return first.offset + matched;
}

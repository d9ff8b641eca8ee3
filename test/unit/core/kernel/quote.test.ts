/** Values we did not choose are shown quoted, escaped and cut: no control character reaches a terminal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cut, printable, printableLines, quote, safeJson } from '../../../../src/core/kernel/quote.js';

/** Characters a terminal acts on: C0 (ESC, CR, LF, BEL...), DEL, C1 (U+009B is CSI), separators, bidi controls. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('quote', () => {
  const cases: [string, unknown, string][] = [
    ['plain', 'test-bucket', '"test-bucket"'],
    ['ANSI clear screen', '\u001b[2J', '"\\u001b[2J"'],
    ['forged line', 'x\nstreamalert: done', '"x\\nstreamalert: done"'],
    ['carriage return', 'ok\rFAIL', '"ok\\rFAIL"'],
    ['C1 CSI', '\u009b31m', '"\\u009b31m"'],
    ['bidi override', 'abc\u202Egpj.exe', '"abc\\u202egpj.exe"'],
    ['OSC title', '\u001b]0;pwned\u0007', '"\\u001b]0;pwned\\u0007"'],
    ['a number', 42, '"42"'],
    ['an object', { a: '\u001b' }, '"{\\"a\\":\\"\\\\u001b\\"}"'],
  ];
  for (const [name, value, shown] of cases) it(name, () => assert.equal(quote(value), shown));

  it('cuts long values (a 50 MB key prints 200 characters)', () => {
    const shown = quote('k'.repeat(50 * 1024 * 1024));
    assert.equal(shown, `"${'k'.repeat(200)}…"`);
  });

  it('never splits a surrogate pair', () => assert.equal(cut(`${'a'.repeat(199)}😀`, 200), `${'a'.repeat(199)}…`));

  it('no string comes out with an active character, and the quoted text is at most 200 characters of the value (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        for (const out of [quote(s), printable(s), safeJson({ s })]) assert.doesNotMatch(out, ACTIVE);
        assert.doesNotMatch(printableLines(s).replace(/[\n\t]/g, ''), ACTIVE);
        assert.ok(JSON.parse(quote(s)).length <= 201);
        assert.deepEqual(JSON.parse(safeJson({ s })), { s });
      }),
      { numRuns: 1_000, seed: 6 },
    );
  });
});

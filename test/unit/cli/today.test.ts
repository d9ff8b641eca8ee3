/** The day deploy and export check runtimes against: today, or STREAMALERT_TODAY, refused when malformed. */
import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { today } from '../../../src/cli/today.js';
import { UsageError } from '../../../src/core/kernel/errors.js';

const saved = process.env.STREAMALERT_TODAY;
afterEach(() => {
  if (saved === undefined) delete process.env.STREAMALERT_TODAY;
  else process.env.STREAMALERT_TODAY = saved;
});

it('STREAMALERT_TODAY names the day, at midnight UTC', () => {
  process.env.STREAMALERT_TODAY = '2026-11-29';
  assert.equal(today().toISOString(), '2026-11-29T00:00:00.000Z');
});

it('without it, the clock: a date between two readings of it', () => {
  delete process.env.STREAMALERT_TODAY;
  const before = Date.now();
  const day = today().getTime();
  assert.ok(day >= before && day <= Date.now());
});

for (const given of ['29-11-2026', '2026-13-01', '2026-11-29T10:00', 'tomorrow'])
  it(`refuses ${JSON.stringify(given)} with what it must look like`, () => {
    process.env.STREAMALERT_TODAY = given;
    assert.throws(
      () => today(),
      (err: unknown) => err instanceof UsageError && /STREAMALERT_TODAY must be a date YYYY-MM-DD/.test(err.message),
    );
  });

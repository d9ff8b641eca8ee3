/** pollUntil: ask until done, waiting on the injected clock; give up on time or attempts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doubling, pollUntil, type PollAnswer } from '../../../../src/core/kernel/poll.js';

/** A clock that moves only when slept on, recording each sleep. */
function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return { slept, clock: { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) } };
}

describe('pollUntil', () => {
  const cases: {
    name: string;
    answers: PollAnswer<string, number>[];
    options: { timeoutMs?: number; attempts?: number };
    value?: string;
    gaveUp?: number;
    slept: number[];
  }[] = [
    { name: 'done at once: no sleep', answers: [{ done: true, value: 'a' }], options: {}, value: 'a', slept: [] },
    {
      name: 'done on the third: doubling sleeps',
      answers: [
        { done: false, last: 1 },
        { done: false, last: 2 },
        { done: true, value: 'c' },
      ],
      options: {},
      value: 'c',
      slept: [100, 200],
    },
    {
      name: 'attempts run out: gives up with the last',
      answers: [
        { done: false, last: 1 },
        { done: false, last: 2 },
        { done: true, value: 'c' },
      ],
      options: { attempts: 2 },
      gaveUp: 2,
      slept: [100],
    },
    {
      name: 'time runs out: gives up with the last',
      answers: [
        { done: false, last: 1 },
        { done: false, last: 2 },
        { done: false, last: 3 },
        { done: true, value: 'd' },
      ],
      options: { timeoutMs: 300 },
      gaveUp: 3,
      slept: [100, 200],
    },
    {
      name: 'delays are capped',
      answers: [...Array.from({ length: 5 }, (_, i) => ({ done: false as const, last: i })), { done: true, value: 'f' }],
      options: {},
      value: 'f',
      slept: [100, 200, 400, 400, 400],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { clock, slept } = fakeClock();
      let asked = 0;
      const run = pollUntil(async () => c.answers[asked++]!, {
        clock,
        delayMs: doubling(100, 400),
        ...c.options,
        giveUp: (last) => Object.assign(new Error('gave up'), { last }),
      });
      if (c.gaveUp === undefined) assert.equal(await run, c.value);
      else await assert.rejects(run, (err: unknown) => (err as { last?: number }).last === c.gaveUp);
      assert.deepEqual(slept, c.slept);
    });
  }

  it('an error from the question ends the polling at once', async () => {
    const { clock, slept } = fakeClock();
    await assert.rejects(
      pollUntil(
        async (attempt) => {
          if (attempt === 1) throw new Error('failed');
          return { done: false, last: attempt };
        },
        { clock, delayMs: () => 50, giveUp: () => new Error('gave up') },
      ),
      /failed/,
    );
    assert.deepEqual(slept, [50]);
  });
});

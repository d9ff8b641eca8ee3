/**
 * `refresh --interval`'s loop, with its runs, clock and sleep injected: which failures it rides
 * out, when it gives up, and how it ends on Ctrl-C. No time passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_CONSECUTIVE_FAILURES,
  runScheduleLoop,
  type ScheduleLoop,
} from '../../../../../src/cli/commands/athena-refresh/schedule-loop.js';
import {
  AthenaQueryError,
  AwsError,
  ConfigError,
  DatabaseNotFoundError,
  InterruptedError,
  QueueNotFoundError,
} from '../../../../../src/core/kernel/errors.js';

type Outcome = 'ok' | Error;

/** A loop whose runs follow `script` (then succeed); `stopAt` is the run after which Ctrl-C comes ('sleep': while sleeping after it). */
function loop(script: Outcome[], stop?: { after: number; during: 'run' | 'sleep' }) {
  let now = 0;
  let stopping = false;
  const log: string[] = [];
  const l: ScheduleLoop = {
    runOnce: async () => {
      const n = log.filter((x) => x.startsWith('run')).length + 1;
      log.push(`run ${n}`);
      if (stop?.after === n && stop.during === 'run') stopping = true;
      const outcome = script[n - 1] ?? 'ok';
      if (outcome !== 'ok') throw outcome;
    },
    next: (from) => new Date(from.getTime() + 25 * 86_400_000),
    now: () => now,
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
      if (stop?.after === log.filter((x) => x.startsWith('run')).length && stop.during === 'sleep') stopping = true;
      else now += ms;
    },
    stopping: () => stopping,
    onFailure: (err, n) => log.push(`failed ${n}: ${(err as Error).message}`),
    onNext: () => {},
  };
  return { l, log };
}

const aws = (m = 'SQS ReceiveMessage failed: InternalError') => new AwsError(m, 'SQS', 'ReceiveMessage', 'InternalError');

describe('refresh --interval', () => {
  it('rides out failed runs of every AWS kind, logging each, and resets the count after a good run', async () => {
    const failures = [
      aws(),
      new QueueNotFoundError('q'),
      new DatabaseNotFoundError('db'),
      new AthenaQueryError('id', 'FAILED', 'x'),
      aws(),
    ];
    const { l, log } = loop([failures[0]!, failures[1]!, 'ok', failures[2]!, failures[3]!, failures[4]!, 'ok'], {
      after: 7,
      during: 'sleep',
    });
    await assert.rejects(runScheduleLoop(l), InterruptedError);
    assert.deepEqual(
      log.filter((x) => x.startsWith('failed')).map((x) => x.split(':')[0]),
      ['failed 1', 'failed 2', 'failed 1', 'failed 2', 'failed 3'],
    );
    assert.equal(log.filter((x) => x.startsWith('run')).length, 7);
  });

  it(`gives up after ${MAX_CONSECUTIVE_FAILURES} failed runs in a row, with the last error`, async () => {
    const errors = Array.from({ length: 10 }, (_, i) => aws(`failure ${i + 1}`));
    const { l, log } = loop(errors);
    await assert.rejects(runScheduleLoop(l), (e: Error) => e.message === `failure ${MAX_CONSECUTIVE_FAILURES}`);
    assert.equal(log.filter((x) => x.startsWith('run')).length, MAX_CONSECUTIVE_FAILURES);
  });

  for (const [name, err] of [
    ['a configuration error', new ConfigError('conf/lambda.json: invalid configuration')],
    ['an unexpected error (a bug)', new TypeError('x is undefined')],
  ] as const) {
    it(`stops at once on ${name}`, async () => {
      const { l, log } = loop([err]);
      await assert.rejects(runScheduleLoop(l), (e) => e === err);
      assert.deepEqual(log, ['run 1']);
    });
  }

  it('Ctrl-C while sleeping ends it with InterruptedError (exit 130)', async () => {
    const { l, log } = loop([], { after: 2, during: 'sleep' });
    await assert.rejects(
      runScheduleLoop(l),
      (e: Error) => e instanceof InterruptedError && /while waiting for the next run/.test(e.message),
    );
    assert.equal(log.filter((x) => x.startsWith('run')).length, 2);
  });

  it('Ctrl-C during a run lets the run finish, then ends it (exit 130)', async () => {
    const { l, log } = loop([], { after: 1, during: 'run' });
    await assert.rejects(runScheduleLoop(l), (e: Error) => e instanceof InterruptedError && /after the run in progress/.test(e.message));
    assert.deepEqual(log, ['run 1']);
  });

  it('sleeps the whole interval of a long schedule (25 days)', async () => {
    const { l, log } = loop([], { after: 3, during: 'sleep' });
    await assert.rejects(runScheduleLoop(l), InterruptedError);
    assert.deepEqual(
      log.filter((x) => x.startsWith('sleep')),
      ['sleep 2160000000', 'sleep 2160000000', 'sleep 2160000000'],
    );
  });
});

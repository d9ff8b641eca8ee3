/**
 * Running Athena statements: start them (backing off while Athena throttles), then poll them all
 * together with capped backoff until each ends or the time runs out. FAILED, CANCELLED and
 * timeouts become AthenaQueryErrors carrying Athena's reason.
 */
import { AthenaQueryError, AwsError } from '../kernel/errors.js';
import type { AthenaPort, CallOptions, Clock } from './ports.js';

export interface QueryTiming {
  /** First poll after this long; then every 500 ms for the first 4 s, then doubling up to `maxPollMs`. */
  firstPollMs: number;
  maxPollMs: number;
  /** How long one query may take. */
  timeoutMs: number;
  /** Absolute time after which nothing new is started or waited for. */
  deadline: number;
}

/**
 * Athena DDL (ALTER TABLE ADD PARTITION) usually ends within one to three seconds: the first poll
 * comes after a second, then every STEADY_POLL_MS while the query is young, then backing off.
 */
export const DEFAULT_QUERY_TIMING: Omit<QueryTiming, 'deadline' | 'timeoutMs'> = { firstPollMs: 1_000, maxPollMs: 2_000 };
const STEADY_POLL_MS = 500;
const STEADY_FOR_MS = 4_000;

/** Athena's error codes for "slow down": the active-DDL quota and API rate limits. */
const THROTTLE_CODES = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestThrottled']);

export function isThrottle(err: unknown): boolean {
  return err instanceof AwsError && err.code !== undefined && THROTTLE_CODES.has(err.code);
}

/**
 * StartQueryExecution, retried with backoff while throttled, until the deadline. A call cut off at
 * the deadline after throttling says so: the throttling is the reason, the deadline the end of it.
 */
export async function startQuery(
  athena: AthenaPort,
  sql: string,
  database: string,
  clock: Clock,
  deadline: number,
  call: CallOptions = {},
): Promise<string> {
  // Not pollUntil (poll.ts): the call itself throws while throttled, with jitter, until the run's deadline.
  let delay = 500;
  let throttled: AwsError | undefined;
  for (;;) {
    try {
      return await athena.startQuery(sql, database, call);
    } catch (err) {
      if (call.signal?.aborted && throttled)
        throw new AwsError(
          `${throttled.message} (retried until the run's time budget ran out)`,
          throttled.service,
          throttled.operation,
          throttled.code,
          { cause: err },
        );
      if (!isThrottle(err) || clock.now() + delay > deadline || call.signal?.aborted) throw err;
      throttled = err as AwsError;
      await clock.sleep(delay * (0.5 + Math.random() / 2));
      delay = Math.min(delay * 2, 8_000);
    }
  }
}

export type QueryOutcome = { ok: true; id: string } | { ok: false; error: AthenaQueryError | Error };

/** Waits for the queries together (one poll of all of them at a time), resolving each outcome. */
export async function waitForQueries(
  athena: AthenaPort,
  ids: string[],
  clock: Clock,
  timing: QueryTiming,
  call: CallOptions = {},
): Promise<Map<string, QueryOutcome>> {
  const outcomes = new Map<string, QueryOutcome>();
  const started = clock.now();
  const giveUpAt = Math.min(started + timing.timeoutMs, timing.deadline);
  // Not pollUntil (poll.ts): one poll answers many queries, each done on its own, and the delay follows the elapsed time.
  let pending = [...ids];
  let delay = timing.firstPollMs;
  while (pending.length) {
    await clock.sleep(Math.min(delay, Math.max(0, giveUpAt - clock.now())));
    delay =
      clock.now() - started < STEADY_FOR_MS
        ? Math.min(STEADY_POLL_MS, timing.maxPollMs)
        : Math.min(Math.max(delay, STEADY_POLL_MS) * 2, timing.maxPollMs);
    let states;
    try {
      states = await athena.queryStates(pending, call);
    } catch (err) {
      if (isThrottle(err) && clock.now() < giveUpAt && !call.signal?.aborted) continue;
      for (const id of pending) outcomes.set(id, { ok: false, error: err as Error });
      return outcomes;
    }
    for (const s of states) {
      if (s.state === 'SUCCEEDED') outcomes.set(s.id, { ok: true, id: s.id });
      else if (s.state === 'FAILED' || s.state === 'CANCELLED') {
        outcomes.set(s.id, { ok: false, error: new AthenaQueryError(s.id, s.state, s.reason ?? 'no reason given', s.errorType) });
      }
    }
    pending = pending.filter((id) => !outcomes.has(id));
    if (pending.length && clock.now() >= giveUpAt) {
      const seconds = Math.round((clock.now() - started) / 1000);
      for (const id of pending)
        outcomes.set(id, { ok: false, error: new AthenaQueryError(id, 'TIMEOUT', `still running after ${seconds}s`) });
      pending = [];
    }
  }
  return outcomes;
}

/**
 * Lambda's Node.js runtimes and the dates AWS stops them (the Lambda runtimes page, checked
 * 2026-11-29). After `blockCreate` no function can be created on a runtime, after `blockUpdate`
 * none can be updated, so deploy checks the configured runtime before it calls AWS. Pure: the
 * caller passes today's date, so the check is the same in every test.
 */

export interface NodeRuntime {
  runtime: string;
  /** No more security patches from this day (YYYY-MM-DD, UTC). */
  deprecated: string;
  /** CreateFunction refuses the runtime from this day. */
  blockCreate: string;
  /** UpdateFunctionCode/Configuration refuse it from this day. */
  blockUpdate: string;
}

/** Newest first. Runtimes older than the last row are long blocked. */
export const NODE_RUNTIMES: readonly NodeRuntime[] = [
  { runtime: 'nodejs24.x', deprecated: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' },
  { runtime: 'nodejs22.x', deprecated: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' },
  { runtime: 'nodejs20.x', deprecated: '2026-04-30', blockCreate: '2026-08-31', blockUpdate: '2026-09-30' },
  { runtime: 'nodejs18.x', deprecated: '2025-09-01', blockCreate: '2026-03-09', blockUpdate: '2026-03-09' },
  { runtime: 'nodejs16.x', deprecated: '2024-06-12', blockCreate: '2026-03-09', blockUpdate: '2026-03-09' },
  { runtime: 'nodejs14.x', deprecated: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2024-02-08' },
];

/** The runtime functions get when `runtime` is not set. */
export const DEFAULT_RUNTIME = 'nodejs24.x';

/** A block date this close (days) is a warning in the plan. */
export const RUNTIME_WARNING_DAYS = 90;

export type RuntimeStatus =
  /** Not a Node.js runtime, a newer one than the table knows, or far from its block dates. */
  | { state: 'ok' }
  /** A block date is within RUNTIME_WARNING_DAYS. */
  | { state: 'warn'; message: string }
  /** Existing functions can still be updated, new ones cannot be created. */
  | { state: 'create-blocked'; message: string }
  /** Neither create nor update works. */
  | { state: 'blocked'; message: string };

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a date, in UTC (AWS's dates are days, not instants). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The newest runtime in the table that AWS does not block today (what to move to). */
export function recommendedRuntime(today: Date): string {
  const day = isoDay(today);
  return NODE_RUNTIMES.find((r) => r.blockCreate > day)?.runtime ?? NODE_RUNTIMES[0]!.runtime;
}

function nodeMajor(runtime: string): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime);
  return m ? Number(m[1]) : undefined;
}

/** Where `runtime` stands on `today`; the messages name the dates and the runtime to use. */
export function runtimeStatus(runtime: string, today: Date): RuntimeStatus {
  const day = isoDay(today);
  const use = recommendedRuntime(today);
  const entry = NODE_RUNTIMES.find((r) => r.runtime === runtime);
  if (!entry) {
    const major = nodeMajor(runtime);
    const oldest = NODE_RUNTIMES[NODE_RUNTIMES.length - 1]!;
    // "nodejs" (0.10), nodejs4.3, nodejs8.10, nodejs10.x, nodejs12.x...: blocked for years.
    const older = runtime === 'nodejs' || /^nodejs\d+\.\d+$/.test(runtime) || (major !== undefined && major < nodeMajor(oldest.runtime)!);
    if (older)
      return {
        state: 'blocked',
        message: `AWS Lambda blocked ${runtime} before ${oldest.blockUpdate} (it no longer creates or updates functions on it); use ${use}`,
      };
    return { state: 'ok' };
  }
  if (day >= entry.blockUpdate) {
    return {
      state: 'blocked',
      message: `AWS Lambda blocks creating functions on ${runtime} since ${entry.blockCreate} and updating them since ${entry.blockUpdate}; use ${use}`,
    };
  }
  if (day >= entry.blockCreate) {
    return {
      state: 'create-blocked',
      message: `AWS Lambda blocks creating functions on ${runtime} since ${entry.blockCreate} and updating them from ${entry.blockUpdate} (in ${daysBetween(day, entry.blockUpdate)} days); use ${use}`,
    };
  }
  const left = daysBetween(day, entry.blockCreate);
  if (left <= RUNTIME_WARNING_DAYS) {
    const deprecated = day >= entry.deprecated ? `is deprecated since ${entry.deprecated}; ` : `is deprecated from ${entry.deprecated}; `;
    return {
      state: 'warn',
      message: `${runtime} ${deprecated}AWS Lambda blocks creating functions on it from ${entry.blockCreate} (in ${left} days) and updating them from ${entry.blockUpdate}; move to ${use}`,
    };
  }
  return { state: 'ok' };
}

/**
 * Fault rules and which calls they hit. Whether call k of operation O is hit depends only on
 * (seed, rule index, O, k), so a seed replays the same faults for the same sequence of calls per
 * operation, however the calls interleave.
 */
import { matchesOperation } from './operations.js';
import { errorReply, type Reply } from './replies.js';

export type FaultKind =
  | 'http500'
  | 'http503'
  | 'throttle'
  | 'reset'
  | 'reset-after'
  | 'expired-token'
  | 'hang'
  | 'denied'
  | 'latency'
  | 'query-failed'
  | 'query-cancelled'
  | 'partial-delete'
  | 'corrupt-body';

export interface FaultRule {
  /** `Service.Operation`, `Service.*` or `*`. */
  operation: string;
  kind: FaultKind;
  /** Probability per call, 0..1. */
  rate?: number;
  /** 1-based call numbers of the operation to hit (instead of, or besides, `rate`). */
  nth?: number[];
  /** At most this many hits. */
  limit?: number;
  /** `latency`: extra milliseconds. */
  spikeMs?: number;
  /** `partial-delete`: probability per entry. */
  entryRate?: number;
  /** `query-failed` / `query-cancelled`: StateChangeReason. */
  reason?: string;
}

export interface FaultHit {
  rule: FaultRule;
  /** The rule's place in the list: part of what decides its hits. */
  index: number;
}

/** Faults that replace (or cut off) the answer; the others alter a forwarded call. */
const RESPONSE_FAULTS = new Set<FaultKind>(['http500', 'http503', 'throttle', 'reset', 'reset-after', 'expired-token', 'hang', 'denied']);

/** What the faults that hit one call do to it. */
export interface CallFaults {
  response?: FaultHit;
  /** Extra latency from `latency` rules. */
  spikeMs: number;
  query?: FaultHit;
  partialDelete?: FaultHit;
  corruptBody: boolean;
  /** The fault the log shows for the call (a corrupt body is logged once it happened). */
  logged?: FaultKind;
}

/** A 32-bit hash of integers and a string → [0, 1). */
function unitHash(seed: number, ...parts: (number | string)[]): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  const mix = (x: number) => {
    hash = Math.imul(hash ^ x, 0x85ebca6b) >>> 0;
    hash = (hash ^ (hash >>> 13)) >>> 0;
    hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
    hash = (hash ^ (hash >>> 16)) >>> 0;
  };
  for (const part of parts) {
    if (typeof part === 'number') mix(part >>> 0);
    else for (let i = 0; i < part.length; i++) mix(part.charCodeAt(i));
  }
  return hash / 2 ** 32;
}

/** The rules in force, their seed, and how often each has fired (for `limit`). */
export class FaultPlan {
  private ruleHits = new Map<number, number>();

  constructor(
    private rules: FaultRule[],
    private seed: number,
  ) {}

  set(rules: FaultRule[], seed?: number): void {
    this.rules = rules;
    if (seed !== undefined) this.seed = seed;
    this.ruleHits = new Map();
  }

  resetHits(): void {
    this.ruleHits = new Map();
  }

  /** The faults that hit call number `callNumber` (1-based) of an operation; counts them against `limit`. */
  hit(operation: string, callNumber: number): CallFaults {
    const hits: FaultHit[] = [];
    this.rules.forEach((rule, index) => {
      if (!matchesOperation(rule.operation, operation)) return;
      if (rule.limit !== undefined && (this.ruleHits.get(index) ?? 0) >= rule.limit) return;
      const isHit =
        rule.nth?.includes(callNumber) || (rule.rate !== undefined && unitHash(this.seed, index, operation, callNumber) < rule.rate);
      if (!isHit) return;
      this.ruleHits.set(index, (this.ruleHits.get(index) ?? 0) + 1);
      hits.push({ rule, index });
    });
    const faults: CallFaults = {
      response: hits.find((h) => RESPONSE_FAULTS.has(h.rule.kind)),
      spikeMs: hits.filter((h) => h.rule.kind === 'latency').reduce((ms, h) => ms + (h.rule.spikeMs ?? 2_000), 0),
      query: hits.find((h) => h.rule.kind === 'query-failed' || h.rule.kind === 'query-cancelled'),
      partialDelete: hits.find((h) => h.rule.kind === 'partial-delete'),
      corruptBody: operation === 'SQS.ReceiveMessage' && hits.some((h) => h.rule.kind === 'corrupt-body'),
    };
    if (faults.response) faults.logged = faults.response.rule.kind;
    else if (faults.query && operation === 'Athena.StartQueryExecution') faults.logged = faults.query.rule.kind;
    else if (faults.partialDelete && operation === 'SQS.DeleteMessageBatch') faults.logged = 'partial-delete';
    else if (faults.spikeMs) faults.logged = 'latency';
    return faults;
  }

  /** `partial-delete`: the entries of this DeleteMessageBatch call that fail (at least one). */
  failingEntries<T>(hit: FaultHit, callNumber: number, entries: T[]): T[] {
    const rate = hit.rule.entryRate ?? 0.3;
    const failing = entries.filter((_, i) => unitHash(this.seed, hit.index, 'entry', callNumber, i) < rate);
    return failing.length ? failing : [entries[Math.floor(unitHash(this.seed, hit.index, 'one', callNumber) * entries.length)]!];
  }
}

/** The answer an injected error fault gives, as the service would send it. */
export function faultReply(kind: FaultKind, service: string, operation: string): Reply {
  if (kind === 'expired-token')
    return errorReply(service, operation, 403, 'ExpiredTokenException', 'The security token included in the request is expired');
  if (kind === 'denied') {
    const code = service === 'SQS' ? 'AccessDenied' : service === 'S3' ? 'AccessDenied' : 'AccessDeniedException';
    return errorReply(
      service,
      operation,
      service === 'S3' ? 403 : 400,
      code,
      `injected: User: arn:aws:sts::123456789012:assumed-role/test is not authorized to perform: ${operation.toLowerCase().replace('.', ':')}`,
    );
  }
  if (kind === 'http500')
    return errorReply(
      service,
      operation,
      500,
      service === 'S3' || service === 'SQS' ? 'InternalError' : 'InternalFailure',
      'injected internal error',
    );
  if (kind === 'http503') return errorReply(service, operation, 503, 'ServiceUnavailable', 'injected: service unavailable');
  // throttle
  if (service === 'SQS') return errorReply(service, operation, 403, 'RequestThrottled', 'injected: request throttled');
  if (service === 'Athena') {
    return errorReply(
      service,
      operation,
      400,
      'TooManyRequestsException',
      'injected: you have exceeded the limit for the number of queries you can run concurrently',
      {
        Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
      },
    );
  }
  if (service === 'S3') return errorReply(service, operation, 503, 'SlowDown', 'injected: please reduce your request rate');
  return errorReply(service, operation, 400, 'ThrottlingException', 'injected: rate exceeded');
}

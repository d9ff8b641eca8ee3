/**
 * What `athena monitor` measures of the function and its trigger (AWS/Lambda Invocations, Errors,
 * Throttles, Duration; the mapping's state), the rules that only apply to trigger sqs, and the
 * trigger advice of an `adjust` verdict: maximum_concurrency, batch_size /
 * maximum_batching_window_seconds, or memory — never schedule_expression, which sqs does not use.
 */
import type { Finding, TriggerAdvice } from './findings.js';
import type { Measurements } from './measure.js';
import { THRESHOLDS } from './thresholds.js';
import type { MetricPoint, MonitorInput, TriggerReport } from './types.js';

/** Lambda's limits on the mapping and the function. */
const MAX_CONCURRENCY = 1_000;
const MAX_BATCH = 10_000;
const MAX_WINDOW = 300;
const MAX_MEMORY = 10_240;

const sum = (points: MetricPoint[] | undefined) => (points ?? []).reduce((n, p) => n + p.value, 0);

/** The trigger's report: settings, mapping state, and the function's figures over the window. */
export function measureTrigger(input: MonitorInput, m: Measurements): TriggerReport {
  const t = input.settings.trigger;
  const f = input.function;
  const invocations = sum(f?.invocations);
  const durations = f?.duration ?? [];
  const averageDurationMs = durations.length ? durations.reduce((n, p) => n + p.value, 0) / durations.length : null;
  const perInvocation = invocations > 0 ? m.totals.received / invocations : null;
  const kind = t?.kind ?? 'schedule';
  let drainPerMinute: number | null = null;
  if (t && kind === 'sqs' && perInvocation && averageDurationMs !== null) {
    // Each of maximum_concurrency slots takes a batch per run: with messages waiting the window does not hold it back.
    drainPerMinute = (t.maximumConcurrency * perInvocation * 60) / Math.max(averageDurationMs / 1000, 0.001);
  }
  return {
    kind,
    batchSize: t?.batchSize ?? 0,
    maximumBatchingWindowSeconds: t?.maximumBatchingWindowSeconds ?? 0,
    maximumConcurrency: t?.maximumConcurrency ?? 0,
    mappingState: input.mapping ? input.mapping.state : null,
    invocations,
    errors: sum(f?.errors),
    throttles: sum(f?.throttles),
    averageDurationMs,
    perInvocation,
    drainPerMinute,
  };
}

/** trigger sqs, failing: the mapping is not there or not on (nothing hands the queue's messages over). */
export function mappingFindings(input: MonitorInput, queue: string): Finding[] {
  if (input.settings.trigger?.kind !== 'sqs' || input.mapping === undefined) return [];
  const state = input.mapping?.state ?? 'none';
  return ['Enabled', 'Enabling', 'Creating', 'Updating'].includes(state)
    ? []
    : [{ code: 'mapping-not-enabled', state, queue, ...(input.mapping?.stateReason ? { reason: input.mapping.stateReason } : {}) }];
}

/** trigger sqs, adjust: throttled invocations, and arrivals beyond what the trigger drains at the measured rate. */
export function sqsBehindFindings(trigger: TriggerReport, m: Measurements, alreadyBehind: boolean): Finding[] {
  const findings: Finding[] = [];
  if (trigger.throttles > 0) findings.push({ code: 'throttled', throttles: trigger.throttles, invocations: trigger.invocations });
  const arriving = m.peakPerMinute || m.averagePerMinute;
  if (trigger.drainPerMinute !== null && (alreadyBehind || arriving > trigger.drainPerMinute)) {
    findings.push({
      code: 'trigger-behind',
      arrivingPerMinute: arriving,
      drainPerMinute: trigger.drainPerMinute,
      perInvocation: trigger.perInvocation ?? 0,
      durationSeconds: (trigger.averageDurationMs ?? 0) / 1000,
      concurrency: trigger.maximumConcurrency,
    });
  }
  return findings;
}

/** The function's errors over the window: a note whatever the verdict. */
export function errorFindings(trigger: TriggerReport): Finding[] {
  return trigger.errors > 0 ? [{ code: 'function-errors', errors: trigger.errors, invocations: trigger.invocations }] : [];
}

/** What to change on the trigger so it drains the busiest period `headroom` times over. */
export function adviseTrigger(input: MonitorInput, trigger: TriggerReport, m: Measurements): TriggerAdvice {
  const t = input.settings.trigger!;
  const need = (m.peakPerMinute || m.averagePerMinute) * THRESHOLDS.headroom;
  const advice: TriggerAdvice = {
    needPerMinute: need,
    drainPerMinute: trigger.drainPerMinute,
    maximumConcurrency: null,
    batchSize: null,
    maximumBatchingWindowSeconds: null,
    memory: null,
    throttled: trigger.throttles > 0,
  };
  const perInvocation = trigger.perInvocation;
  const seconds = (trigger.averageDurationMs ?? 0) / 1000;
  if (trigger.drainPerMinute && trigger.drainPerMinute < need && !advice.throttled) {
    const perSlot = trigger.drainPerMinute / t.maximumConcurrency;
    const wanted = Math.min(MAX_CONCURRENCY, Math.ceil(need / perSlot));
    if (wanted > t.maximumConcurrency) advice.maximumConcurrency = wanted;
  }
  if (perInvocation !== null && (input.queue.visible ?? 0) > 0) {
    if (perInvocation < THRESHOLDS.fullBatchShare * t.batchSize && t.maximumBatchingWindowSeconds < MAX_WINDOW) {
      advice.maximumBatchingWindowSeconds = Math.min(MAX_WINDOW, Math.max(1, t.maximumBatchingWindowSeconds * 2));
    } else if (perInvocation >= THRESHOLDS.fullBatchShare * t.batchSize && t.batchSize < MAX_BATCH) {
      advice.batchSize = Math.min(MAX_BATCH, t.batchSize * 2);
    }
  }
  if (seconds >= THRESHOLDS.nearTimeoutShare * t.timeout && t.memory < MAX_MEMORY) advice.memory = Math.min(MAX_MEMORY, t.memory * 2);
  return advice;
}

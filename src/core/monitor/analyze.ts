/**
 * Is the refresh schedule keeping up? `athena monitor`'s analysis in three steps: measure the
 * queue's metric series (measure.ts), judge them by the rules (rules.ts: a status and typed
 * findings), and explain the findings in sentences and commands (explain.ts).
 *
 * Pure: no clock, no I/O. The thresholds are in thresholds.ts so the docs and tests can name them.
 */
import { explain } from './explain.js';
import { measure } from './measure.js';
import { judge } from './rules.js';
import { measureTrigger } from './trigger.js';
import type { MonitorInput, MonitorReport } from './types.js';

export function analyzeQueueMetrics(input: MonitorInput): MonitorReport {
  const { settings, window, queue } = input;
  const measured = measure(input);
  const trigger = measureTrigger(input, measured);
  const verdict = judge(input, measured, trigger);
  const text = explain(verdict, {
    settings,
    deadLetter: queue.deadLetter,
    recentSeconds: measured.recent.seconds,
    windowStart: window.start.toISOString(),
  });
  const interval = measured.intervalSeconds;
  return {
    status: verdict.status,
    headline: `${verdict.status}: ${text.summary}`,
    summary: text.summary,
    reasons: text.reasons,
    actions: text.actions,
    notes: text.notes,
    findings: [...verdict.findings, ...verdict.notes],
    recommendation: verdict.recommendation?.expression ?? null,
    queue: {
      name: settings.queueName,
      region: settings.region,
      exists: queue.exists,
      visible: queue.visible,
      inFlight: queue.inFlight,
      oldestAgeSeconds: measured.age?.value ?? null,
      oldestAgeAt: measured.age?.timestamp.toISOString() ?? null,
      deadLetter: queue.deadLetter,
    },
    schedule: {
      expression: settings.scheduleExpression,
      intervalSeconds: Number.isFinite(interval) ? interval : null,
      maxMessages: settings.maxMessages,
    },
    window: {
      start: window.start.toISOString(),
      end: window.end.toISOString(),
      now: window.now.toISOString(),
      windowSeconds: window.windowSeconds,
      periodSeconds: window.periodSeconds,
    },
    rates: {
      averagePerMinute: measured.averagePerMinute,
      peakPerMinute: measured.peakPerMinute,
      peakPeriodStart: measured.peakRow?.start ?? null,
      perRunCapacity: verdict.capacity.perRun,
      perRunCapacitySource: verdict.capacity.source,
    },
    rows: measured.rows,
    totals: measured.totals,
    trigger,
  };
}

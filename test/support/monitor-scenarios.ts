/**
 * `athena monitor` inputs from short tables: each row `[sent, received, deleted]` per period, ending
 * with the current (partial) one, or null where CloudWatch has no data point.
 */
import assert from 'node:assert/strict';
import type { MonitorInput, QueueMetrics } from '../../src/core/monitor/types.js';
import { planWindow } from '../../src/core/monitor/window.js';

export const NOW = new Date('2026-03-02T12:30:00Z'); // half-way through the current hour
export const MIN = 60;

export type Cell = [sent: number, received: number, deleted: number] | null;

export interface Scenario {
  rows: Cell[];
  schedule?: string;
  maxMessages?: number;
  /** Visible messages now (GetQueueAttributes). */
  visible?: number;
  /** Age of the oldest message in the latest 1-minute data point, seconds; and how long ago that point is. */
  ageNow?: number;
  ageAgoSeconds?: number;
  exists?: boolean;
  createdAt?: Date;
  dlqVisible?: number;
  now?: Date;
  window?: number;
  period?: number;
  /** trigger sqs with these mapping settings (defaults: batch 1,000, window 60 s, concurrency 2, 128 MB, 60 s). */
  sqs?: Partial<{ batchSize: number; maximumBatchingWindowSeconds: number; maximumConcurrency: number; memory: number; timeout: number }>;
  /** The function per row that has one: invocations, errors, throttles, average duration (ms). */
  fn?: [invocations: number, errors: number, throttles: number, durationMs: number];
  /** The mapping's state (undefined: not read; null: none). */
  mapping?: string | null;
}

export const hours = (n: number, cell: Cell): Cell[] => Array.from({ length: n }, () => cell);

export function monitorInput(s: Scenario): MonitorInput {
  const now = s.now ?? NOW;
  const window = planWindow(now, s.window ?? 24 * 3600, s.period ?? 3600);
  const metrics: QueueMetrics = { sent: [], received: [], deleted: [], visible: [], oldestAge: [], recentOldestAge: [] };
  const offset = window.rowCount - s.rows.length;
  assert.ok(offset >= 0, `scenario has ${s.rows.length} rows, the window ${window.rowCount}`);
  s.rows.forEach((cell, i) => {
    if (!cell) return;
    const timestamp = new Date(window.start.getTime() + (offset + i) * window.periodSeconds * 1000);
    const [sent, received, deleted] = cell;
    metrics.sent.push({ timestamp, value: sent });
    metrics.received.push({ timestamp, value: received });
    metrics.deleted.push({ timestamp, value: deleted });
  });
  if (s.ageNow !== undefined) {
    const at = Math.floor((now.getTime() - (s.ageAgoSeconds ?? 120) * 1000) / 60_000) * 60_000;
    metrics.recentOldestAge.push({ timestamp: new Date(at), value: s.ageNow });
  }
  const exists = s.exists ?? true;
  const fn = {
    invocations: [] as { timestamp: Date; value: number }[],
    errors: [] as { timestamp: Date; value: number }[],
    throttles: [] as { timestamp: Date; value: number }[],
    duration: [] as { timestamp: Date; value: number }[],
  };
  if (s.fn) {
    const [invocations, errors, throttles, duration] = s.fn;
    s.rows.forEach((cell, i) => {
      if (!cell) return;
      const timestamp = new Date(window.start.getTime() + (offset + i) * window.periodSeconds * 1000);
      fn.invocations.push({ timestamp, value: invocations });
      fn.errors.push({ timestamp, value: errors });
      fn.throttles.push({ timestamp, value: throttles });
      fn.duration.push({ timestamp, value: duration });
    });
  }
  return {
    ...(s.fn ? { function: fn } : {}),
    ...(s.mapping !== undefined ? { mapping: s.mapping === null ? null : { state: s.mapping } } : {}),
    settings: {
      queueName: 'acme_streamalert_athena_s3_notifications',
      functionName: 'acme_streamalert_athena_partition_refresh',
      region: 'eu-west-1',
      prefix: 'acme',
      scheduleExpression: s.schedule ?? 'rate(10 minutes)',
      maxMessages: s.maxMessages ?? 100_000,
      ...(s.sqs
        ? {
            trigger: {
              kind: 'sqs' as const,
              batchSize: 1000,
              maximumBatchingWindowSeconds: 60,
              maximumConcurrency: 2,
              memory: 128,
              timeout: 60,
              ...s.sqs,
            },
          }
        : {}),
    },
    window,
    metrics,
    queue: {
      exists,
      visible: exists ? (s.visible ?? 0) : null,
      inFlight: exists ? 0 : null,
      createdAt: s.createdAt ?? (exists ? new Date('2025-01-01T00:00:00Z') : null),
      deadLetter: exists ? { name: 'acme_streamalert_athena_s3_notifications_dlq', exists: true, visible: s.dlqVisible ?? 0 } : null,
    },
  };
}

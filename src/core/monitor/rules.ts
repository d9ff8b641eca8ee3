/**
 * The rules of `athena monitor`, checked in order; the first verdict whose rules find something wins:
 *
 *   no-data  the queue does not exist, or CloudWatch has no metrics for it in the window
 *   failing  runs receive messages but do not delete them (more than 25% of the receives in the
 *            recent runs, or over the window when nothing ran recently), or notifications arrive
 *            and no run receives them at all
 *   adjust   runs finish what they receive but do not get to everything: the oldest message is
 *            older than two intervals (+5 min), the backlog exceeds what one run drains, far fewer
 *            messages were deleted than sent, or the busiest period brings more per interval than
 *            one run drains. Recommends a rate() that drains the busiest period twice over.
 *   ok       none of the above
 *
 * Each rule returns typed findings (findings.ts); none writes a sentence.
 */
import type { Finding, Verdict } from './findings.js';
import type { Measurements } from './measure.js';
import { recommend } from './recommend.js';
import { THRESHOLDS } from './thresholds.js';
import { adviseTrigger, errorFindings, mappingFindings, measureTrigger, sqsBehindFindings } from './trigger.js';
import type { MonitorInput, TriggerReport } from './types.js';

export function judge(input: MonitorInput, m: Measurements, trigger: TriggerReport = measureTrigger(input, m)): Verdict {
  const maxMessages = input.settings.maxMessages;
  const sqs = trigger.kind === 'sqs';
  // Function errors are a note whatever the verdict; throttles too, unless the sqs trigger waits on them.
  const deadLetters = [
    ...deadLetterFindings(input),
    ...errorFindings(trigger),
    ...(!sqs && trigger.throttles > 0
      ? [{ code: 'throttled' as const, throttles: trigger.throttles, invocations: trigger.invocations }]
      : []),
  ];
  const verdict = (status: Verdict['status'], findings: Finding[], notes: Finding[]): Verdict => ({
    status,
    findings,
    notes,
    recommendation: null,
    capacity: { perRun: maxMessages, source: 'max_messages' },
  });

  const noData = noDataFindings(input, m);
  if (noData.length) return verdict('no-data', noData, deadLetters);
  const failing = [...mappingFindings(input, input.settings.queueName), ...failingFindings(input, m)];
  if (failing.length) return verdict('failing', failing, deadLetters);
  const notes = [...failedEarlierFindings(m), ...deadLetters];
  if (sqs) {
    // trigger sqs: no run drains max_messages; the mapping's concurrency and batches do.
    const late = behindFindings(input, m).findings.filter((f) => f.code === 'old-message' || f.code === 'shortfall');
    const findings = [...late, ...sqsBehindFindings(trigger, m, late.length > 0)];
    if (!findings.length)
      return verdict(
        'ok',
        keepingUpFindings(input, m).filter((f) => f.code !== 'peak-within'),
        notes,
      );
    const waiting = input.queue.visible ?? 0;
    return {
      ...verdict('adjust', findings, notes),
      recommendation: {
        expression: null,
        minutes: 0,
        raiseMaxMessages: null,
        clearBacklog: waiting > 0 ? waiting : null,
        trigger: adviseTrigger(input, trigger, m),
      },
    };
  }
  const behind = behindFindings(input, m);
  if (behind.findings.length) {
    const rec = recommend(m.intervalSeconds, m.peakPerMinute || m.averagePerMinute, behind.capacity.perRun);
    const waiting = input.queue.visible ?? 0;
    return {
      ...verdict('adjust', behind.findings, notes),
      recommendation: { ...rec, clearBacklog: waiting > 0 ? waiting : null },
      capacity: behind.capacity,
    };
  }
  return verdict('ok', keepingUpFindings(input, m), notes);
}

/** Nothing to judge: no queue, or no metrics for it in the window. */
export function noDataFindings({ settings, window, queue }: MonitorInput, m: Measurements): Finding[] {
  const where = { queue: settings.queueName, region: settings.region };
  if (!queue.exists) return [{ code: 'queue-missing', ...where }];
  if (m.totals.periodsWithData > 0) return [];
  const created =
    queue.createdAt && queue.createdAt.getTime() > window.now.getTime() - window.windowSeconds * 1000 ? queue.createdAt : null;
  const cause = created ? 'new-queue' : (queue.visible ?? 0) > 0 ? 'messages-waiting' : 'idle';
  return [
    {
      code: 'no-metrics',
      ...where,
      windowSeconds: window.windowSeconds,
      cause,
      createdAt: created?.toISOString() ?? null,
      waiting: queue.visible,
    },
  ];
}

/** Share of the receives that did not end in a delete. */
function notDeletedShare(received: number, deleted: number): number {
  return received > 0 ? Math.max(0, received - deleted) / received : 0;
}

/** Received but not deleted (recently, or over the window when nothing was received recently), or not received at all. */
export function failingFindings({ window }: MonitorInput, { recent, totals, intervalSeconds }: Measurements): Finding[] {
  const findings: Finding[] = [];
  const recentShare = notDeletedShare(recent.received, recent.deleted);
  const windowShare = notDeletedShare(totals.received, totals.deleted);
  const overWindow: Finding = {
    code: 'not-deleted',
    scope: 'window',
    seconds: window.windowSeconds,
    received: totals.received,
    deleted: totals.deleted,
    share: windowShare,
  };
  if (recent.received > 0 && recentShare > THRESHOLDS.notDeletedShare) {
    findings.push({
      code: 'not-deleted',
      scope: 'recent',
      seconds: recent.seconds,
      received: recent.received,
      deleted: recent.deleted,
      share: recentShare,
    });
    if (totals.received > recent.received && windowShare > THRESHOLDS.notDeletedShare) findings.push(overWindow);
  } else if (recent.received === 0 && totals.received > 0 && windowShare > THRESHOLDS.notDeletedShare) {
    findings.push(overWindow);
  }
  if (recent.sent > 0 && recent.received === 0 && recent.seconds >= 2 * intervalSeconds) {
    findings.push({
      code: 'not-received',
      seconds: recent.seconds,
      sent: recent.sent,
      expectedRuns: Math.floor(recent.seconds / intervalSeconds),
    });
  }
  return findings;
}

/** Failures earlier in the window while the recent runs are healthy: a note, not a verdict. */
export function failedEarlierFindings({ recent, totals }: Measurements): Finding[] {
  const share = notDeletedShare(totals.received, totals.deleted);
  if (!(recent.received > 0 && share > THRESHOLDS.notDeletedShare)) return [];
  return [{ code: 'failed-earlier', received: totals.received, deleted: totals.deleted, share, recentSeconds: recent.seconds }];
}

/** Runs finish what they take but do not take everything in time; and what one run drains. */
export function behindFindings(
  { settings, queue, window }: MonitorInput,
  m: Measurements,
): { findings: Finding[]; capacity: Verdict['capacity'] } {
  const { intervalSeconds: interval, totals, recent } = m;
  const findings: Finding[] = [];
  if (m.age && m.age.value > THRESHOLDS.ageIntervals * interval + THRESHOLDS.ageSlackSeconds) {
    findings.push({ code: 'old-message', ageSeconds: m.age.value, at: m.age.timestamp.toISOString(), intervalSeconds: interval });
  }
  if (queue.visible !== null && queue.visible > settings.maxMessages) {
    findings.push({ code: 'backlog-over-capacity', waiting: queue.visible, maxMessages: settings.maxMessages });
  }
  const allowance = Math.max(THRESHOLDS.shortfallFloor, THRESHOLDS.shortfallShare * totals.sent) + m.averagePerMinute * (interval / 60);
  if (totals.sent - totals.deleted > allowance) {
    findings.push({ code: 'shortfall', windowSeconds: window.windowSeconds, sent: totals.sent, deleted: totals.deleted });
  }
  // What one run drains: max_messages, unless runs were seen draining less while messages waited.
  let capacity: Verdict['capacity'] = { perRun: settings.maxMessages, source: 'max_messages' };
  if (findings.length && Number.isFinite(interval) && recent.seconds > 0 && recent.deleted > 0) {
    const observed = Math.floor(recent.deleted / Math.max(1, recent.seconds / interval));
    if (observed > 0 && observed < capacity.perRun) {
      capacity = { perRun: observed, source: 'observed' };
      findings.push({ code: 'slow-runs', perRun: observed, maxMessages: settings.maxMessages });
    }
  }
  const perInterval = m.peakPerMinute * (interval / 60);
  if (m.peakRow && perInterval > capacity.perRun) {
    findings.push({
      code: 'peak-over-capacity',
      periodStart: m.peakRow.start,
      perMinute: m.peakPerMinute,
      perInterval,
      intervalSeconds: interval,
      capacity: capacity.perRun,
    });
  }
  return { findings, capacity };
}

/** The evidence of an ok verdict: the counts, the backlog now, the busiest period against one run. */
export function keepingUpFindings({ settings, queue, window }: MonitorInput, m: Measurements): Finding[] {
  const { totals, intervalSeconds } = m;
  const findings: Finding[] = [
    totals.sent === 0 && totals.received === 0
      ? { code: 'idle', windowSeconds: window.windowSeconds }
      : { code: 'keeping-up', windowSeconds: window.windowSeconds, sent: totals.sent, received: totals.received, deleted: totals.deleted },
    { code: 'backlog-within', waiting: queue.visible, ageSeconds: m.age?.value ?? null, intervalSeconds },
  ];
  if (m.peakRow && m.peakPerMinute > 0) {
    findings.push({
      code: 'peak-within',
      periodStart: m.peakRow.start,
      perMinute: m.peakPerMinute,
      perInterval: m.peakPerMinute * (intervalSeconds / 60),
      capacity: settings.maxMessages,
    });
  }
  return findings;
}

/** Messages in the dead-letter queue: true whatever the verdict. */
export function deadLetterFindings({ queue }: MonitorInput): Finding[] {
  const dlq = queue.deadLetter;
  return dlq?.visible ? [{ code: 'dead-letters', queue: dlq.name, count: dlq.visible }] : [];
}

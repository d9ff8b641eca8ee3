/**
 * The one place `athena monitor`'s findings become words: the verdict's summary, a sentence per
 * finding (with the numbers), and the steps to take with the commands to run.
 */
import { deadLetterActions } from './dead-letter.js';
import { formatAge, formatDuration, formatEvery } from './duration.js';
import type { Finding, TriggerAdvice, Verdict } from './findings.js';
import type { MonitorSettings, QueueState } from './types.js';
import { count, pct, rateText, utc } from './wording.js';

export interface Explained {
  /** One sentence: the verdict and why (the report's headline is `<status>: <summary>`). */
  summary: string;
  reasons: string[];
  actions: string[];
  notes: string[];
}

/** What the sentences name beyond the findings' numbers. */
export interface ExplainContext {
  settings: MonitorSettings;
  deadLetter: QueueState['deadLetter'];
  /** The recent span the failing rules judged: how far back to read the logs. */
  recentSeconds: number;
  /** The window's start (ISO): where a backfill of what no queue holds begins. */
  windowStart: string;
}

export function explain(verdict: Verdict, context: ExplainContext): Explained {
  const say = (finding: Finding) => [sentence(finding, verdict, context)].flat();
  // Whatever the verdict, a dead-letter queue holding messages is an action (redrive, backfill), not a note.
  const notes = verdict.status === 'no-data' ? [] : verdict.notes.filter((f) => f.code !== 'dead-letters');
  return {
    summary: summary(verdict, context),
    reasons: verdict.findings.flatMap(say),
    actions: [...actions(verdict, context), ...deadLetterActions(context.deadLetter, context.windowStart)],
    notes: notes.flatMap(say),
  };
}

const has = (verdict: Verdict, code: Finding['code']) => verdict.findings.some((f) => f.code === code);

/** `the sqs trigger (batch 1,000, window 60s, concurrency 2)`. */
function triggerName(s: MonitorSettings): string {
  const t = s.trigger;
  return t
    ? `the sqs trigger (batch ${count(t.batchSize)}, window ${t.maximumBatchingWindowSeconds}s, concurrency ${t.maximumConcurrency})`
    : 'the sqs trigger';
}

const isSqs = (s: MonitorSettings) => s.trigger?.kind === 'sqs';

function summary(verdict: Verdict, { settings }: ExplainContext): string {
  const first = verdict.findings[0];
  switch (verdict.status) {
    case 'no-data':
      if (first?.code === 'queue-missing') return `queue ${first.queue} does not exist in ${first.region}, so there is nothing to measure.`;
      if (first?.code === 'no-metrics')
        return `no metrics for ${first.queue} in the last ${formatDuration(first.windowSeconds)}${first.cause === 'new-queue' ? ' (the queue is new)' : ' (the queue has been idle)'}.`;
      return 'there is nothing to measure.';
    case 'failing':
      if (first?.code === 'mapping-not-enabled')
        return `trigger sqs is configured but the event-source mapping from ${first.queue} is ${first.state === 'none' ? 'missing' : first.state}: nothing hands the queue's messages to the function.`;
      return verdict.findings.length === 1 && first?.code === 'not-received'
        ? 'notifications arrive but the refresh function does not take them off the queue.'
        : 'the refresh function receives messages but does not delete them — it is erroring out.';
    case 'adjust': {
      const rec = verdict.recommendation;
      if (rec?.trigger)
        return `notifications arrive faster than ${triggerName(settings)} drains them; ${triggerChange(rec.trigger) ?? 'see what to change below'}.`;
      return rec?.expression
        ? `notifications arrive faster than ${settings.scheduleExpression} drains them; run the refresh every ${formatEvery(rec.minutes * 60)}: ${rec.expression}.`
        : 'notifications arrive faster than the refresh drains them, and it already runs every minute; let each run drain more.';
    }
    case 'ok':
      return `the refresh function keeps up with ${isSqs(settings) ? triggerName(settings) : settings.scheduleExpression}.`;
  }
}

/** The headline change of trigger advice, or null when only the function's concurrency can help. */
function triggerChange(a: TriggerAdvice): string | null {
  if (a.throttled) return "Lambda throttles the function: raise its concurrency limit (or the account's) first";
  if (a.maximumConcurrency) return `raise maximum_concurrency to ${count(a.maximumConcurrency)}`;
  if (a.maximumBatchingWindowSeconds) return `raise maximum_batching_window_seconds to ${a.maximumBatchingWindowSeconds} so batches fill`;
  if (a.batchSize) return `raise batch_size to ${count(a.batchSize)}`;
  if (a.memory) return `raise memory to ${count(a.memory)} MB`;
  return null;
}

/** The evidence a finding gives, with its numbers: one sentence, two for no-metrics (what is missing, and why). */
function sentence(f: Finding, verdict: Verdict, { settings }: ExplainContext): string | string[] {
  switch (f.code) {
    case 'queue-missing':
      return `SQS has no queue named ${f.queue} in region ${f.region}: the account prefix, the queue name or the region is wrong, or the queue was never created.`;
    case 'no-metrics': {
      const none = `CloudWatch has no NumberOfMessagesSent, NumberOfMessagesReceived or NumberOfMessagesDeleted for ${f.queue} in ${f.region} in the last ${formatDuration(f.windowSeconds)}, although the queue exists.`;
      const why = {
        'new-queue': `The queue was created at ${utc(f.createdAt ?? new Date(0))}; SQS starts sending its metrics once it is in use, within a few minutes.`,
        'messages-waiting': `Yet ${count(f.waiting ?? 0)} message(s) are waiting on it: CloudWatch may be lagging, or the metrics are being read from another account or region than the queue.`,
        idle: `SQS only sends metrics for a queue that is in use (it held messages or was called in the last ~6 hours): no notification has reached it for a long time. Either nothing was written to the buckets, or their event notifications do not point at this queue.`,
      }[f.cause];
      return [none, why];
    }
    case 'not-deleted':
      if (f.scope === 'recent') {
        return `In the last ${formatAge(f.seconds)} runs received ${count(f.received)} message(s) but deleted only ${count(f.deleted)}: ${pct(f.share)} of the receives did not finish, so those messages return to the queue and are tried again until they reach the dead-letter queue.`;
      }
      // After the recent figures, the window's are the wider view; alone, they are the evidence.
      return verdict.findings.some((g) => g.code === 'not-deleted' && g.scope === 'recent')
        ? `Over the whole ${formatDuration(f.seconds)}: ${count(f.received)} received, ${count(f.deleted)} deleted (${pct(f.share)} not finished).`
        : `Over the last ${formatDuration(f.seconds)} runs received ${count(f.received)} message(s) but deleted only ${count(f.deleted)}: ${pct(f.share)} of the receives did not finish.`;
    case 'not-received':
      if (isSqs(settings))
        return `In the last ${formatAge(f.seconds)} ${count(f.sent)} notification(s) arrived and none was received: the sqs trigger does not invoke the function, or the function stops before it gets the batch.`;
      return `In the last ${formatAge(f.seconds)} ${count(f.sent)} notification(s) arrived and no run received any, although the schedule (${settings.scheduleExpression}) should have run ${f.expectedRuns} time(s): the function is not running, or it stops before it reaches the queue.`;
    case 'mapping-not-enabled':
      return `The event-source mapping ${f.queue} → ${settings.functionName} is ${f.state === 'none' ? 'not there' : `in state ${f.state}`}${f.reason ? ` (${f.reason})` : ''}, so trigger sqs takes nothing off the queue.`;
    case 'trigger-behind':
      return `At the measured rate — about ${count(f.perInvocation)} message(s) per invocation in ${f.durationSeconds.toFixed(1)} s, ${f.concurrency} at once — the trigger drains about ${rateText(f.drainPerMinute)}; the busiest period brought ${rateText(f.arrivingPerMinute)}.`;
    case 'throttled':
      return `Lambda throttled the function ${count(f.throttles)} time(s) (${count(f.invocations)} invocations): ${isSqs(settings) ? 'the trigger backs off and batches wait' : 'some runs did not start'}.`;
    case 'function-errors':
      return `The function reported ${count(f.errors)} error(s) in ${count(f.invocations)} invocation(s): read its logs (aws logs tail /aws/lambda/${settings.functionName} --since 1h).`;
    case 'old-message':
      if (isSqs(settings))
        return `The oldest message has waited ${formatAge(f.ageSeconds)} (at ${utc(f.at)}); the sqs trigger polls all the time, so none should wait much longer than ${formatAge(f.intervalSeconds)}.`;
      return `The oldest message has waited ${formatAge(f.ageSeconds)} (at ${utc(f.at)}); with a run every ${formatEvery(f.intervalSeconds)} none should wait much longer than ${formatAge(f.intervalSeconds)}.`;
    case 'backlog-over-capacity':
      return `${count(f.waiting)} messages are waiting now, more than one run drains (max_messages = ${count(f.maxMessages)}).`;
    case 'shortfall':
      return `${count(f.sent)} notification(s) arrived in the last ${formatDuration(f.windowSeconds)} but only ${count(f.deleted)} were deleted (${pct(f.deleted / f.sent)}); the three metrics should be close, and ${count(f.sent - f.deleted)} are still waiting.`;
    case 'slow-runs':
      return `While messages waited, runs drained about ${count(f.perRun)} each (max_messages is ${count(f.maxMessages)}): they stop early, most likely at the function's timeout.`;
    case 'peak-over-capacity':
      return `In the busiest period (${utc(f.periodStart)}) ${rateText(f.perMinute)} arrived, about ${count(Math.round(f.perInterval))} per ${formatAge(f.intervalSeconds)} interval — more than one run drains (${count(f.capacity)}).`;
    case 'idle':
      return `No notification arrived in the last ${formatDuration(f.windowSeconds)}: the queue is in use but idle, so there is nothing to keep up with.`;
    case 'keeping-up':
      return `${count(f.sent)} notification(s) arrived in the last ${formatDuration(f.windowSeconds)}; runs received ${count(f.received)} and deleted ${count(f.deleted)} (${f.sent ? pct(f.deleted / f.sent) : '—'} of those sent).`;
    case 'backlog-within': {
      const waiting = f.waiting === null ? 'unknown' : `${count(f.waiting)} message(s)`;
      return `Backlog now: ${waiting}${f.ageSeconds !== null ? `, the oldest ${formatAge(f.ageSeconds)} old` : ''} — within what a run every ${formatEvery(f.intervalSeconds)} leaves behind.`;
    }
    case 'peak-within':
      return `Busiest period: ${rateText(f.perMinute)} (${utc(f.periodStart)}), about ${count(Math.ceil(f.perInterval))} per run against ${count(f.capacity)} one run drains.`;
    case 'failed-earlier':
      return `Earlier in the window ${pct(f.share)} of the receives did not end in a delete (${count(f.received)} received, ${count(f.deleted)} deleted); the last ${formatAge(f.recentSeconds)} are healthy.`;
    case 'dead-letters':
      return `${count(f.count)} message(s) wait in the dead-letter queue ${f.queue}: they failed repeatedly at some point.`;
  }
}

function actions(verdict: Verdict, { settings: s, deadLetter: dlq, recentSeconds }: ExplainContext): string[] {
  switch (verdict.status) {
    case 'no-data':
      if (has(verdict, 'queue-missing')) {
        return [
          `Check account.prefix${s.prefix ? ` ("${s.prefix}")` : ''} and account.region in conf/global.json, athena_partition_refresh_config.queue_name in conf/lambda.json, and --region.`,
          `List the queues that do exist: aws sqs list-queues --region ${s.region}${s.prefix ? ` --queue-name-prefix ${s.prefix}` : ''}`,
        ];
      }
      return [
        `Check that each bucket in athena_partition_refresh_config.buckets sends s3:ObjectCreated:* notifications to ${s.queueName} (aws s3api get-bucket-notification-configuration --bucket <bucket>).`,
        `Run again with a longer --window (e.g. --window 7d) to see when notifications last arrived.`,
      ];
    case 'failing': {
      const dlqText = dlq
        ? `${dlq.name}${dlq.visible !== null ? ` (${count(dlq.visible)} message(s) now)` : dlq.exists ? '' : ' (not found)'}`
        : `${s.queueName}_dlq`;
      return [
        `Read the function's logs: aws logs tail /aws/lambda/${s.functionName} --since ${formatDuration(Math.max(3600, recentSeconds))} --region ${s.region} (log group /aws/lambda/${s.functionName}).`,
        `Look at the dead-letter queue ${dlqText}: messages land there after failing maxReceiveCount times.`,
        has(verdict, 'not-received') || has(verdict, 'mapping-not-enabled')
          ? `Check that the function is deployed and its ${isSqs(s) ? 'event-source mapping' : 'schedule rule'} is enabled: streamalert deploy --function athena.`
          : `Reproduce with the same configuration and full logs: streamalert athena refresh --once --log-level debug`,
      ];
    }
    case 'adjust': {
      const rec = verdict.recommendation;
      if (rec?.trigger) return triggerActions(rec.trigger, s, rec.clearBacklog);
      const steps: string[] = [];
      if (rec?.expression) {
        steps.push(
          `Set "schedule_expression": "${rec.expression}" in athena_partition_refresh_config in conf/lambda.json (now "${s.scheduleExpression}").`,
          `Apply it: streamalert deploy --function athena`,
        );
      }
      if (rec?.raiseMaxMessages) {
        steps.push(
          `Even one run a minute cannot drain the busiest period: raise max_messages to at least ${count(rec.raiseMaxMessages)} and the function's timeout (and memory) so one run can finish that many, then streamalert deploy --function athena.`,
        );
      }
      if (rec?.clearBacklog)
        steps.push(`To clear the ${count(rec.clearBacklog)} waiting message(s) now: streamalert athena refresh --once`);
      return steps;
    }
    case 'ok':
      return [];
  }
}

/** trigger sqs: the settings to change in athena_partition_refresh_config, then deploy. */
function triggerActions(a: TriggerAdvice, s: MonitorSettings, clearBacklog: number | null): string[] {
  const t = s.trigger!;
  const steps: string[] = [];
  const drain =
    a.drainPerMinute === null
      ? ''
      : ` (it drains about ${rateText(a.drainPerMinute)} now; twice the busiest period is ${rateText(a.needPerMinute)})`;
  if (a.throttled)
    steps.push(
      `Lambda throttles ${s.functionName}: give it reserved concurrency of at least maximum_concurrency (${t.maximumConcurrency}) — aws lambda put-function-concurrency --function-name ${s.functionName} --reserved-concurrent-executions ${t.maximumConcurrency} — or ask for a higher account limit.`,
    );
  if (a.maximumConcurrency) steps.push(`Set "maximum_concurrency": ${a.maximumConcurrency} (now ${t.maximumConcurrency})${drain}.`);
  if (a.maximumBatchingWindowSeconds)
    steps.push(
      `Set "maximum_batching_window_seconds": ${a.maximumBatchingWindowSeconds} (now ${t.maximumBatchingWindowSeconds}): invocations get far fewer than batch_size (${count(t.batchSize)}) messages while messages wait.`,
    );
  if (a.batchSize)
    steps.push(
      `Set "batch_size": ${a.batchSize} (now ${t.batchSize}): batches are full, so each invocation can take more at the same cost per statement.`,
    );
  if (a.memory)
    steps.push(
      `Set "memory": ${a.memory} (now ${t.memory}): invocations run close to the timeout (${t.timeout} s), and Lambda's CPU grows with memory.`,
    );
  if (!steps.length) steps.push(`Raise maximum_concurrency (now ${t.maximumConcurrency}) or batch_size (now ${t.batchSize})${drain}.`);
  steps.push('Apply it: streamalert deploy --function athena');
  if (clearBacklog)
    steps.push(
      `The ${count(clearBacklog)} waiting message(s) drain as the trigger catches up; to clear them at once: streamalert athena refresh --once`,
    );
  return steps;
}

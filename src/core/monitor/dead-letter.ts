/** What `athena monitor` advises when the dead-letter queue holds messages: redrive them, and backfill what no queue holds. */
import type { QueueState } from './types.js';

export function deadLetterActions(dlq: QueueState['deadLetter'], windowStart: string): string[] {
  if (!dlq?.visible) return [];
  const n = Math.round(dlq.visible).toLocaleString('en-US');
  return [
    `${n} message(s) wait in the dead-letter queue ${dlq.name}: they failed maxReceiveCount times. Find why in the function's logs, fix it, then move them back for the next refresh to retry: streamalert athena redrive (--dry-run shows how many, --max N tries a few first).`,
    `Objects whose notifications never reached the queue (notifications set up late or misconfigured) are in no queue at all: register their partitions from S3 with streamalert athena backfill --since ${windowStart.slice(0, 10)} --dry-run, then without --dry-run.`,
  ];
}

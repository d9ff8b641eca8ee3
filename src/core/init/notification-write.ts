/**
 * Writing a bucket's notification configuration without losing another writer's edit.
 * PutBucketNotificationConfiguration replaces the whole configuration and has no precondition,
 * so: re-read right before writing; if it changed since the plan, plan that bucket again from what
 * is there now (blocked if the change overlaps ours); write; read back, and fail loudly when a
 * configuration we wrote (theirs or ours) is not there (after a few read-backs: S3 reads bucket
 * configurations eventually consistently, so a stale answer right after the write is not a loss).
 */
import { AwsError, InitBlockedError } from '../kernel/errors.js';
import { doubling, pollUntil } from '../kernel/poll.js';
import { systemClock, type Clock } from '../partitions/ports.js';
import { missingConfigurations, planBucketNotifications, sameConfiguration } from './bucket-notifications.js';
import type { InitPort } from './ports.js';
import type { Step } from './types.js';

type PutStep = Extract<Step, { op: 'putBucketNotifications' }>;

export interface NotificationWrite {
  /** The plan was re-made because the configuration changed after it was read. */
  replanned: boolean;
  /** Nothing was written (the re-made plan found ours in place). */
  skipped: boolean;
}

/** Read-backs before a missing configuration counts as lost: S3 bucket configuration reads are eventually consistent. */
const READ_BACKS = 4;

export async function writeBucketNotifications(port: InitPort, step: PutStep, clock: Clock = systemClock): Promise<NotificationWrite> {
  const { bucket } = step;
  const now = await port.getBucketNotifications(bucket);
  let configuration = step.configuration;
  const replanned = !now || !sameConfiguration(now, step.basis);
  if (replanned) {
    const plan = planBucketNotifications(bucket, now, step.ours);
    if (plan.action === 'blocked') {
      throw new InitBlockedError([
        { kind: 'bucket_notification', name: bucket, detail: `its notification configuration changed while init ran: ${plan.detail}` },
      ]);
    }
    if (!plan.configuration) return { replanned, skipped: true };
    configuration = plan.configuration;
  }
  await port.putBucketNotifications(bucket, configuration);
  const written = configuration;
  await pollUntil<void, string[]>(
    async () => {
      const lost = missingConfigurations(written, (await port.getBucketNotifications(bucket)) ?? {});
      return lost.length ? { done: false, last: lost } : { done: true, value: undefined };
    },
    { clock, attempts: READ_BACKS, delayMs: doubling(250, 1_000), giveUp: (lost) => lostError(bucket, lost) },
  );
  return { replanned, skipped: false };
}

function lostError(bucket: string, lost: string[]): AwsError {
  return new AwsError(
    `S3 PutBucketNotificationConfiguration on ${bucket}: read back after the write, ${lost.join('; ')} ${lost.length === 1 ? 'is' : 'are'} missing — another writer changed the bucket's notification configuration at the same moment and one of the two writes lost the other's configurations. ` +
      `Check the bucket's configuration (aws s3api get-bucket-notification-configuration --bucket ${bucket}), restore what is missing, then run init again`,
    'S3',
    'PutBucketNotificationConfiguration',
    'ConfigurationLost',
  );
}

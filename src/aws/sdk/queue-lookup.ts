/** Finding SQS queues by name: a queue's URL, and the dead-letter queue a RedrivePolicy names. */
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { callOrNull } from './errors.js';

/** A queue's URL, or null when there is no such queue. */
export async function queueUrl(sqs: SQSClient, name: string): Promise<string | null> {
  return (await callOrNull('SQS', 'GetQueueUrl', () => sqs.send(new GetQueueUrlCommand({ QueueName: name }))))?.QueueUrl ?? null;
}

/** The dead-letter queue's name from a RedrivePolicy's deadLetterTargetArn. */
export function deadLetterName(redrivePolicy: string | undefined): string | null {
  if (!redrivePolicy) return null;
  try {
    const arn = (JSON.parse(redrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    return arn?.split(':').pop() || null;
  } catch {
    return null;
  }
}

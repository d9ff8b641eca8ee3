/**
 * The library's one-call redrive, like refresh():
 *   const moved = await redrive({ configDir: 'conf', max: 100 });
 */
import { StsAccount } from '../aws/account/account.js';
import { redriveQueues } from '../aws/redrive/dead-letter.js';
import { sqsClient } from '../aws/refresh/queue.js';
import { checkAccount } from '../core/account/account.js';
import { runRedrive, type RedriveOptions, type RedriveResult } from '../core/redrive/redrive.js';
import { AwsClients } from '../aws/sdk/clients.js';
import { configOf, withClients, type LibraryOptions } from './options.js';

/** RedriveOptions without `owner`: redrive() says whose dead letters move (the queue's and its buckets'). */
export interface RedriveCallOptions extends Omit<RedriveOptions, 'owner'>, LibraryOptions {}

export async function redrive(options: RedriveCallOptions = {}): Promise<RedriveResult> {
  const config = await configOf(options);
  return withClients(options, config, AwsClients, async (clients) => {
    // Before the first read: another account's queues are not ours to move messages between (dry run too).
    await checkAccount(new StsAccount(clients.sts), config);
    const { from, to, queueArn } = await redriveQueues(sqsClient(clients), config.athena.queue_name);
    return runRedrive(from, to, { ...options, owner: { queueArn, buckets: config.athena.buckets } });
  });
}

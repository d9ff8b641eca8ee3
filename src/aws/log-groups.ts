/** CloudWatch Logs: the function's log group /aws/lambda/<name> and its retention. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroupPort } from '../core/deploy/ports.js';
import type { LiveLogGroup, LogGroupStep } from '../core/deploy/resource-plans.js';
import type { AwsClients } from './clients.js';
import { awsError, call } from './errors.js';

export function logGroups(clients: AwsClients): LogGroupPort {
  // The SDK package is loaded on first use (see AwsClients.logs).
  const sdk = async (): Promise<{ logs: CloudWatchLogsClient } & typeof import('@aws-sdk/client-cloudwatch-logs')> => ({
    ...(await import('@aws-sdk/client-cloudwatch-logs')),
    logs: await clients.logs(),
  });
  return {
    async get(name: string): Promise<LiveLogGroup | null> {
      const { logs, DescribeLogGroupsCommand } = await sdk();
      let nextToken: string | undefined;
      do {
        // A prefix matches other groups too (…_refresh and …_refresh_v2): page until the exact name.
        const page = await call('logs', 'DescribeLogGroups', () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken })));
        const group = (page.logGroups ?? []).find((g) => g.logGroupName === name);
        if (group) return group.retentionInDays !== undefined ? { retentionDays: group.retentionInDays } : {};
        nextToken = page.nextToken;
      } while (nextToken);
      return null;
    },

    async apply(name: string, steps: LogGroupStep[]): Promise<void> {
      const { logs, CreateLogGroupCommand, PutRetentionPolicyCommand } = await sdk();
      for (const step of steps) {
        if (step.op === 'create-log-group') {
          try {
            await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
          } catch (err) {
            // The function logged (and Lambda made the group) since we looked: only the retention is left.
            if ((err as { name?: string }).name !== 'ResourceAlreadyExistsException') throw awsError('logs', 'CreateLogGroup', err);
          }
        }
        const retentionInDays = step.op === 'create-log-group' ? step.retentionDays : step.to;
        await call('logs', 'PutRetentionPolicy', () => logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays })));
      }
    },
  };
}

/** CloudWatch Logs: the function's log group /aws/lambda/<name> and its retention. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroupPort } from '../core/deploy/ports.js';
import type { LiveLogGroup, LogGroupStep } from '../core/deploy/resource-plans.js';
import { AwsError } from '../core/errors.js';
import type { AwsClients } from './clients.js';
import { call } from './errors.js';

export class LogGroups implements LogGroupPort {
  constructor(private readonly clients: AwsClients) {}

  async get(name: string): Promise<LiveLogGroup | null> {
    const { logs, paginateDescribeLogGroups } = await this.sdk();
    return call('logs', 'DescribeLogGroups', async () => {
      // A prefix matches other groups too (…_refresh and …_refresh_v2): page until the exact name.
      for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: name })) {
        const group = (page.logGroups ?? []).find((g) => g.logGroupName === name);
        if (group) return group.retentionInDays !== undefined ? { retentionDays: group.retentionInDays } : {};
      }
      return null;
    });
  }

  async apply(name: string, steps: LogGroupStep[]): Promise<void> {
    const { logs, CreateLogGroupCommand, PutRetentionPolicyCommand } = await this.sdk();
    for (const step of steps) {
      if (step.op === 'create-log-group') {
        await call('logs', 'CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName: name }))).catch((err: unknown) => {
          // The function logged (and Lambda made the group) since we looked: only the retention is left.
          if (!(err instanceof AwsError && err.code === 'ResourceAlreadyExistsException')) throw err;
        });
      }
      const retentionInDays = step.op === 'create-log-group' ? step.retentionDays : step.to;
      await call('logs', 'PutRetentionPolicy', () => logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays })));
    }
  }

  /** The SDK package is loaded on first use (see AwsClients.logs). */
  private async sdk(): Promise<{ logs: CloudWatchLogsClient } & typeof import('@aws-sdk/client-cloudwatch-logs')> {
    return { ...(await import('@aws-sdk/client-cloudwatch-logs')), logs: await this.clients.logs() };
  }
}

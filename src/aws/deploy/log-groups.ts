/** CloudWatch Logs: the function's log group /aws/lambda/<name>, its retention and tags. */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroupPort } from '../../core/deploy/ports.js';
import type { LiveLogGroup, LogGroupStep } from '../../core/deploy/resource-plans.js';
import { AwsError } from '../../core/kernel/errors.js';
import type { AwsClients } from '../sdk/clients.js';
import { call } from '../sdk/errors.js';

export class LogGroups implements LogGroupPort {
  constructor(private readonly clients: AwsClients) {}

  async get(name: string): Promise<LiveLogGroup | null> {
    const { logs, paginateDescribeLogGroups, ListTagsForResourceCommand } = await this.sdk();
    const found = await call('logs', 'DescribeLogGroups', async () => {
      // A prefix matches other groups too (…_refresh and …_refresh_v2): page until the exact name.
      for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: name })) {
        const group = (page.logGroups ?? []).find((g) => g.logGroupName === name);
        if (group) return group;
      }
      return null;
    });
    if (!found) return null;
    // The group's ARN without the trailing `:*` that DescribeLogGroups's `arn` carries.
    const arn = found.logGroupArn ?? found.arn?.replace(/:\*$/, '');
    const tags = arn
      ? (await call('logs', 'ListTagsForResource', () => logs.send(new ListTagsForResourceCommand({ resourceArn: arn })))).tags
      : undefined;
    return {
      ...(found.retentionInDays !== undefined ? { retentionDays: found.retentionInDays } : {}),
      ...(tags && Object.keys(tags).length ? { tags } : {}),
    };
  }

  async apply(name: string, steps: LogGroupStep[]): Promise<void> {
    const { logs, CreateLogGroupCommand, PutRetentionPolicyCommand, TagLogGroupCommand } = await this.sdk();
    for (const step of steps) {
      if (step.op === 'tag-log-group') {
        await call('logs', 'TagLogGroup', () => logs.send(new TagLogGroupCommand({ logGroupName: name, tags: step.tags })));
        continue;
      }
      if (step.op === 'create-log-group') {
        await call('logs', 'CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: step.tags }))).catch(
          (err: unknown) => {
            // The function logged (and Lambda made the group) since we looked: only the retention is left.
            // It is not tagged here; the next deploy does that after reading whose it is.
            if (!(err instanceof AwsError && err.code === 'ResourceAlreadyExistsException')) throw err;
          },
        );
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

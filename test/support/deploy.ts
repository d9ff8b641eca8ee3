/**
 * `streamalert deploy` in-process: the same runDeploy and SDK adapters the CLI wires up, against
 * a local endpoint. Tests use it for the steps whose outcome is the AWS state and the report, and
 * run the CLI itself for what only the CLI decides (exit codes, text output); a CLI start costs a
 * process and a TypeScript compile, which a busy machine makes slow.
 */
import { join } from 'node:path';
import { MetricAlarms } from '../../src/aws/deploy/alarms.js';
import { StsAccount } from '../../src/aws/account/account.js';
import { AwsClients } from '../../src/aws/sdk/clients.js';
import { EventSources } from '../../src/aws/deploy/event-sources.js';
import { LambdaFunctions } from '../../src/aws/deploy/functions.js';
import { LogGroups } from '../../src/aws/deploy/log-groups.js';
import { IamRoles } from '../../src/aws/deploy/roles.js';
import { ScheduleRules } from '../../src/aws/deploy/schedule-rule.js';
import { checkAccount } from '../../src/core/account/account.js';
import { loadConfig } from '../../src/core/config/load.js';
import { resolveFunctions } from '../../src/core/deploy/functions.js';
import type { DeployReport } from '../../src/core/deploy/result.js';
import { runDeploy } from '../../src/core/deploy/run.js';
import { ownershipTags } from '../../src/core/account/ownership.js';
import { packageFunction } from '../../src/packaging/package.js';

export interface InProcessDeploy {
  configDir: string;
  endpointUrl: string;
  /** --function values. */
  functions: string[];
  dryRun?: boolean;
  /** --force-role. */
  forceRole?: boolean;
  /** The day runtimes are checked against (STREAMALERT_TODAY in the CLI). */
  today?: string;
}

export async function deployInProcess(o: InProcessDeploy): Promise<DeployReport> {
  const config = loadConfig(o.configDir);
  const clients = new AwsClients({
    region: config.account.region,
    endpointUrl: o.endpointUrl,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  try {
    const { functions, skipped } = resolveFunctions(config, o.functions);
    return await runDeploy(
      functions,
      skipped,
      {
        region: config.account.region,
        accountId: config.account.aws_account_id,
        tags: ownershipTags(config),
        configFile: join(config.dir, 'lambda.json'),
      },
      {
        account: () => checkAccount(new StsAccount(clients.sts), config),
        functions: new LambdaFunctions(clients),
        schedules: new ScheduleRules(clients),
        roles: new IamRoles(clients),
        logGroups: new LogGroups(clients),
        eventSources: new EventSources(clients),
        alarms: new MetricAlarms(clients),
        packager: (spec) => packageFunction(spec, config),
      },
      { dryRun: Boolean(o.dryRun), forceRole: Boolean(o.forceRole), ...(o.today ? { today: new Date(`${o.today}T00:00:00Z`) } : {}) },
    );
  } finally {
    clients.destroy();
  }
}

/** What deploy runs against, built once for the CLI and the library alike. */
import { join } from 'node:path';
import { checkAccount } from '../../core/account/account.js';
import type { Config } from '../../core/config/load.js';
import { ownershipTags } from '../../core/account/ownership.js';
import { StsAccount } from '../account/account.js';
import type { DeployTarget } from '../../core/deploy/planning.js';
import type { DeployPorts } from '../../core/deploy/ports.js';
import { MetricAlarms } from './alarms.js';
import type { AwsClients } from '../sdk/clients.js';
import { EventSources } from './event-sources.js';
import { LambdaFunctions } from './functions.js';
import { LogGroups } from './log-groups.js';
import { IamRoles } from './roles.js';
import { ScheduleRules } from './schedule-rule.js';

export function deployTarget(config: Config): DeployTarget {
  return {
    region: config.account.region,
    accountId: config.account.aws_account_id,
    tags: ownershipTags(config),
    configFile: join(config.dir, 'lambda.json'),
  };
}

export function deployPorts(clients: AwsClients, config: Config): DeployPorts {
  return {
    account: () => checkAccount(new StsAccount(clients.sts), config),
    functions: new LambdaFunctions(clients),
    schedules: new ScheduleRules(clients),
    roles: new IamRoles(clients),
    logGroups: new LogGroups(clients),
    eventSources: new EventSources(clients),
    alarms: new MetricAlarms(clients),
    // esbuild is loaded only when something is packaged, not when the library is imported.
    packager: async (spec) => (await import('../../packaging/package.js')).packageFunction(spec, config),
  };
}

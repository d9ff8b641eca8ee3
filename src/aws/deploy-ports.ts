/** What deploy runs against, built once for the CLI and the library alike. */
import { join } from 'node:path';
import type { Config } from '../core/config/load.js';
import type { DeployPorts, DeployTarget } from '../core/deploy/planning.js';
import type { AwsClients } from './clients.js';
import { eventSources } from './event-sources.js';
import { lambdaFunctions } from './functions.js';
import { logGroups } from './log-groups.js';
import { iamRoles } from './roles.js';
import { scheduleRules } from './schedule-rule.js';

export function deployTarget(config: Config): DeployTarget {
  return { region: config.account.region, accountId: config.account.aws_account_id, configFile: join(config.dir, 'lambda.json') };
}

export function deployPorts(clients: AwsClients, config: Config): DeployPorts {
  return {
    functions: lambdaFunctions(clients),
    schedules: scheduleRules(clients),
    roles: iamRoles(clients),
    logGroups: logGroups(clients),
    eventSources: eventSources(clients),
    // esbuild is loaded only when something is packaged, not when the library is imported.
    packager: async (spec) => (await import('../packaging/package.js')).packageFunction(spec, config),
  };
}

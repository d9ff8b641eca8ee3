/**
 * Reads what the export is made from through the same pipeline as `athena init --dry-run` and
 * `deploy --dry-run`: init's target, live state and plan (with table updates, as Terraform would
 * apply them), then each function's deploy plan (packaging included). Reads only. The account is
 * checked first, as init checks it; what blocks init (a blocked row) or deploy blocks the export.
 */
import { checkAccount } from '../account/account.js';
import type { Config } from '../config/load.js';
import type { TableSchema } from '../config/table-schemas.js';
import { ConfigError, InitBlockedError, QueueNotFoundError } from '../kernel/errors.js';
import { withFunction, type FunctionSpec } from '../deploy/functions.js';
import { planDeploy, type DeployTarget, type PlannedFunction } from '../deploy/planning.js';
import { type DeployPorts } from '../deploy/ports.js';
import { preflight } from '../deploy/preflight.js';
import { initTarget, planInit } from '../init/plan.js';
import type { InitPort } from '../init/ports.js';
import { readLiveState } from '../init/run.js';
import { ownershipTags } from '../account/ownership.js';
import type { ExportInput } from './types.js';

export interface CollectOptions {
  today?: Date;
  onProgress?: (text: string) => void;
}

export async function collectExport(
  config: Pick<Config, 'account' | 'athena' | 'tags' | 'dir'>,
  schemas: readonly TableSchema[],
  specs: readonly FunctionSpec[],
  ports: { init: InitPort; deploy: DeployPorts; deployTarget: DeployTarget },
  options: CollectOptions = {},
): Promise<ExportInput> {
  const say = options.onProgress ?? (() => {});
  const target = initTarget(config, schemas);
  // As init: in the wrong account nothing is read, so nothing of another account is exported.
  say('checking the account');
  await checkAccount(ports.init, config);
  say('reading the live resources');
  const live = await readLiveState(target, ports.init);
  const plan = planInit(target, live, { updateTables: true });
  const blocked = plan.filter((i) => i.action === 'blocked');
  if (blocked.length) throw new InitBlockedError(blocked);

  // The trigger is planned against the queue as exported: it may not exist yet, and the export
  // sets its visibility timeout (init's 6 × timeout, or a longer live one).
  const exported = target.queue.settings.visibilityTimeout ?? 0;
  const deployPorts: DeployPorts = {
    ...ports.deploy,
    eventSources: {
      getMapping: (queueArn, aliasArn) => ports.deploy.eventSources.getMapping(queueArn, aliasArn),
      apply: (...args) => ports.deploy.eventSources.apply(...args),
      queue: async (name) => {
        if (name !== target.queue.name) return ports.deploy.eventSources.queue(name);
        try {
          const queue = await ports.deploy.eventSources.queue(name);
          return { ...queue, visibilityTimeout: Math.max(queue.visibilityTimeout, exported) };
        } catch (err) {
          if (!(err instanceof QueueNotFoundError)) throw err;
          return { url: '', arn: target.queue.arn, visibilityTimeout: exported };
        }
      },
    },
  };
  const today = options.today ?? new Date();
  const functions: PlannedFunction[] = [];
  for (const spec of specs) {
    try {
      const checks = preflight(spec, today, ports.deployTarget.configFile);
      functions.push(await planDeploy(spec, ports.deployTarget, deployPorts, checks, (text) => say(`${spec.key} (${spec.name}): ${text}`)));
    } catch (err) {
      throw withFunction(spec, err);
    }
  }
  const blockers = functions.flatMap((f) => f.blockers.map((b) => `${f.spec.key} (${f.spec.name}): ${b}`));
  if (blockers.length) throw new ConfigError(`the export would not apply:\n  ${blockers.join('\n  ')}`, ports.deployTarget.configFile);
  return {
    region: config.account.region,
    tags: ownershipTags(config),
    init: { target, live, plan },
    functions: functions.map((planned) => ({ planned, zipFile: `${planned.spec.name}.zip` })),
  };
}

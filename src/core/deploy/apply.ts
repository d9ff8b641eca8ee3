/**
 * Carries out one function's plan, in the order AWS needs: the role (Lambda must be able to
 * assume it, and the mapping checks its SQS permissions), the log group (so Lambda never creates
 * it without a retention), the function, version and alias, then the triggers — the new one on
 * before the old one off, so the queue is never left without a consumer.
 */
import type { FunctionSpec } from './functions.js';
import { describeStep, type Step } from './function-plan.js';
import type { PlannedFunction } from './planning.js';
import type { DeployPorts } from './ports.js';
import type { FunctionsPort } from './ports.js';
import type { FunctionDeployResult } from './result.js';

export async function applyPlan(
  planned: PlannedFunction,
  result: FunctionDeployResult,
  ports: DeployPorts,
  say: (text: string) => void,
): Promise<void> {
  const { spec, pkg, live } = planned;
  if (planned.role?.plan.steps.length) {
    say(result.role!.steps.join('; '));
    await ports.roles.apply(planned.role.spec, planned.role.plan.steps);
  }
  if (planned.logGroup.plan.steps.length) {
    say(result.logGroup.steps.join('; '));
    await ports.logGroups.apply(spec.logGroup.name, planned.logGroup.plan.steps);
  }

  let version = live.alias?.version;
  for (const step of planned.plan.steps) {
    say(describeStep(step, spec, pkg));
    version = await execute(step, spec, pkg.zip, pkg.sha256, ports.functions, version);
    if (step.op === 'create-alias' || step.op === 'update-alias')
      result.alias = await ports.functions.setAlias(spec.name, version!, step.op === 'update-alias');
  }
  if (version !== undefined) result.version = version;
  if (live.alias && version !== live.alias.version) result.previousVersion = live.alias.version;

  const schedule = async () => {
    if (!spec.schedule || !planned.schedule?.plan.steps.length) return;
    say(result.schedule!.steps.join('; '));
    await ports.schedules.apply(spec.schedule, spec.name, result.alias, planned.schedule.plan.steps);
  };
  const mapping = async () => {
    if (!spec.trigger || !planned.mapping?.plan.steps.length) return;
    say(result.eventSource!.steps.join('; '));
    await ports.eventSources.apply(spec.trigger, result.alias, planned.mapping.live, planned.mapping.plan.steps);
  };
  if (spec.trigger?.kind === 'sqs') {
    await mapping();
    await schedule();
  } else {
    await schedule();
    await mapping();
  }
  // Last: the alarms watch the function and queue that now exist.
  if (planned.alarms?.plan.steps.length && ports.alarms) {
    say(result.alarms!.flatMap((row) => row.steps).join('; '));
    await ports.alarms.apply(planned.alarms.plan.steps);
  }
}

/** Runs one function step; returns the version the alias should point at after it (publish sets it). */
async function execute(
  step: Step,
  spec: FunctionSpec,
  zip: Uint8Array,
  sha256: string,
  functions: FunctionsPort,
  version: string | undefined,
): Promise<string | undefined> {
  switch (step.op) {
    case 'create-function':
      await functions.create(spec, zip, step.tags);
      return version;
    case 'tag-function':
      await functions.tag(spec.name, step.tags);
      return version;
    case 'update-code':
      await functions.updateCode(spec.name, zip);
      return version;
    case 'update-configuration':
      await functions.updateConfiguration(spec);
      return version;
    case 'publish-version':
      return functions.publishVersion(spec.name, sha256, `streamalert deploy ${spec.key} ${sha256}`);
    case 'create-alias':
    case 'update-alias':
      return version;
  }
}

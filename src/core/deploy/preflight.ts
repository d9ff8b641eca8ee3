/**
 * Checks made before deploy packages anything or calls AWS: a runtime AWS Lambda blocks, or a
 * role name IAM would refuse, is a ConfigError naming the key; a block date within 90 days is a
 * warning for the plan. `today` is passed in, so the outcome does not depend on the machine's clock.
 */
import { ConfigError } from '../kernel/errors.js';
import { runtimeStatus } from './runtimes.js';
import { MAX_ROLE_NAME } from './athena-spec.js';
import type { FunctionSpec } from './functions.js';

export interface Preflight {
  warnings: string[];
  /** AWS no longer creates functions on the runtime (existing ones can still be updated). */
  createBlocked?: string;
}

export function preflight(spec: FunctionSpec, today: Date, file = 'lambda.json'): Preflight {
  const status = runtimeStatus(spec.runtime, today);
  const key = `${spec.section}.runtime`;
  if (status.state === 'blocked') {
    throw new ConfigError(
      `${file}: ${key} is "${spec.runtime}": ${status.message} (set ${key} to it, or remove the key for the default)`,
      file,
      key,
    );
  }
  if (spec.managedRole && spec.managedRole.name.length > MAX_ROLE_NAME) {
    throw new ConfigError(
      `${file}: the role deploy makes for ${spec.name} when ${spec.section}.role_arn is not set, ${spec.managedRole.name}, is ` +
        `${spec.managedRole.name.length} characters, over IAM's ${MAX_ROLE_NAME}: set role_arn, or a function_name of at most ${MAX_ROLE_NAME - 5} characters`,
      file,
      `${spec.section}.function_name`,
    );
  }
  const warnings: string[] = [];
  if (status.state === 'warn') warnings.push(`${key}: ${status.message}`);
  if (status.state === 'create-blocked') {
    warnings.push(`${key}: ${status.message}`);
    return { warnings, createBlocked: `${file}: ${key} is "${spec.runtime}": ${status.message}` };
  }
  return { warnings };
}

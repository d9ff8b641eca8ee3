/**
 * The shapes of `export terraform`: what the export is made from (the same plans `athena init` and
 * `deploy` make) and the Terraform resources it writes. Plain data, no SDK or file system.
 */
import type { PlannedFunction } from '../deploy/planning.js';
import type { InitTarget, LiveState } from '../init/plan.js';
import type { PlanItem } from '../init/types.js';

/** Everything the mappers read: init's target, live state and plan rows, and deploy's plans. */
export interface ExportInput {
  region: string;
  /** Every resource's tags: ownershipTags(config). */
  tags: Record<string, string>;
  init: { target: InitTarget; live: LiveState; plan: PlanItem[] };
  functions: ExportFunction[];
}

/** A function as deploy planned it, with the zip's file name beside the .tf.json. */
export interface ExportFunction {
  planned: PlannedFunction;
  /** e.g. `prefix_streamalert_athena_partition_refresh.zip`, written beside streamalert.tf.json. */
  zipFile: string;
}

/** One Terraform resource: `resource.<type>.<name>`, and its `import` block when it exists already. */
export interface TfResource {
  type: string;
  name: string;
  /** The plan kind it comes from (queue, table, function, …), for --output json. */
  kind: string;
  body: Record<string, unknown>;
  /** The import ID (Terraform ≥ 1.5 `import` block) when the resource exists. */
  importId?: string;
  /** What the command prints as a warning (e.g. other teams' notification configurations). */
  warnings?: string[];
}

/** A mapper: one resource kind's Terraform resources from the input. Pure. */
export type ResourceMapper = (input: ExportInput) => TfResource[];

export const address = (r: Pick<TfResource, 'type' | 'name'>): string => `${r.type}.${r.name}`;

/** A Terraform reference inside a string: `${aws_sqs_queue.notifications.arn}`. */
export const ref = (type: string, name: string, attribute: string): string => `\${${type}.${name}.${attribute}}`;

/** A Terraform resource name from any AWS name: letters, digits, `_` and `-`, not starting with a digit. */
export function resourceName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

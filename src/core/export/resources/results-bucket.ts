/**
 * The results bucket as init decides it. One init made (tagged ours, or not there yet): the bucket
 * with default encryption (SSE-S3), all public access blocked, and the lifecycle rules (ours
 * merged into the bucket's, as init merges them); on a bucket already encrypted init keeps
 * whatever encryption it has, so the export leaves it out too rather than have Terraform replace a
 * customer key with SSE-S3. A bucket that is not ours is used as it is, so none of those
 * resources (Terraform would change another team's bucket), except, with `results_lifecycle` and a
 * prefix, its lifecycle configuration: its rules as read plus ours under the prefix.
 */
import { ALL_PUBLIC_ACCESS_BLOCKED, mergeLifecycleRules, ourLifecycleRule, LIFECYCLE_RULE_ID } from '../../init/results-bucket.js';
import type { LifecycleRule } from '../../init/types.js';
import { isOurs } from '../../account/ownership.js';
import { ref, type ExportInput, type ResourceMapper, type TfResource } from '../types.js';
import { lifecycleRuleBlock } from './lifecycle-rules.js';

export const RESULTS = 'results';

const PUBLIC_ACCESS_ARGS: Record<(typeof ALL_PUBLIC_ACCESS_BLOCKED)[number], string> = {
  BlockPublicAcls: 'block_public_acls',
  IgnorePublicAcls: 'ignore_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  RestrictPublicBuckets: 'restrict_public_buckets',
};

/** The rules init leaves on the bucket: its planned write, else the live ones (unchanged), else ours. */
function plannedRules({ init }: ExportInput): LifecycleRule[] {
  const item = init.plan.find((i) => i.kind === 'results_bucket');
  const write = item?.steps.find((s) => s.op === 'putLifecycleRules');
  if (write?.op === 'putLifecycleRules') return write.rules;
  const live = init.live.results;
  if (!live) return [ourLifecycleRule(init.target.results)];
  return mergeLifecycleRules(live.lifecycleRules, ourLifecycleRule(init.target.results)) ?? live.lifecycleRules;
}

function lifecycle(input: ExportInput, bucket: string, importIt: boolean, theirs: boolean): TfResource {
  const { bucket: name } = input.init.target.results;
  const rules = plannedRules(input);
  const blocks = rules.map(lifecycleRuleBlock);
  const unknown = rules.flatMap((r, i) => (blocks[i]!.unknown.length ? [`rule ${r.ID ?? i}: ${blocks[i]!.unknown.join(', ')}`] : []));
  const others = rules.filter((r) => r.ID !== LIFECYCLE_RULE_ID).map((r) => r.ID ?? '(no ID)');
  const warnings = [
    ...(unknown.length ? [`results bucket ${name}: lifecycle fields not exported (add them by hand): ${unknown.join('; ')}`] : []),
    ...(theirs && others.length
      ? [
          `results bucket ${name} is not streamalert's: aws_s3_bucket_lifecycle_configuration.${RESULTS} (results_lifecycle) owns its whole lifecycle configuration and carries its other rule(s) ${others.join(', ')} as read: keep them in step with their owner`,
        ]
      : []),
  ];
  const body: Record<string, unknown> = { bucket, rule: blocks.map((b) => b.block) };
  if (theirs)
    body['//'] =
      `results_lifecycle: only rule ${LIFECYCLE_RULE_ID} is streamalert's; the bucket and its other rules are not (copied as read at export).`;
  return {
    type: 'aws_s3_bucket_lifecycle_configuration',
    name: RESULTS,
    kind: 'results_bucket',
    body,
    ...(importIt ? { importId: name } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

export const resultsBucket: ResourceMapper = (input): TfResource[] => {
  const { init, tags } = input;
  const settings = init.target.results;
  const live = init.live.results;
  if (live && !isOurs(live.tags, init.target.prefix)) {
    // Init writes only our rule there, only when opted in and under a prefix (results-bucket.ts).
    if (!settings.lifecycleOnTheirs || !settings.prefix) return [];
    return [lifecycle(input, settings.bucket, live.lifecycleRules.length > 0, true)];
  }
  const bucket = ref('aws_s3_bucket', RESULTS, 'id');
  const id = live ? { importId: settings.bucket } : {};
  const out: TfResource[] = [
    { type: 'aws_s3_bucket', name: RESULTS, kind: 'results_bucket', body: { bucket: settings.bucket, tags }, ...id },
    {
      type: 'aws_s3_bucket_public_access_block',
      name: RESULTS,
      kind: 'results_bucket',
      body: { bucket, ...Object.fromEntries(Object.values(PUBLIC_ACCESS_ARGS).map((arg) => [arg, true])) },
      ...(live?.publicAccessBlock ? id : {}),
    },
    lifecycle(input, bucket, Boolean(live?.lifecycleRules.length), false),
  ];
  if (!live?.encrypted) {
    out.push({
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: RESULTS,
      kind: 'results_bucket',
      body: { bucket, rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } } },
    });
  }
  return out;
};

/**
 * The results bucket with what init sets on it: default encryption (SSE-S3), all public access
 * blocked, and the lifecycle rules (ours merged into the bucket's, as init merges them). On a
 * bucket already encrypted init keeps whatever encryption it has, so the export leaves it out too
 * rather than have Terraform replace a customer key with SSE-S3.
 */
import { ALL_PUBLIC_ACCESS_BLOCKED, ourLifecycleRule } from '../../init/results-bucket.js';
import type { LifecycleRule } from '../../init/types.js';
import { ref, type ResourceMapper, type TfResource } from '../types.js';
import { lifecycleRuleBlock } from './lifecycle-rules.js';

export const RESULTS = 'results';
const BUCKET = ref('aws_s3_bucket', RESULTS, 'id');

const PUBLIC_ACCESS_ARGS: Record<(typeof ALL_PUBLIC_ACCESS_BLOCKED)[number], string> = {
  BlockPublicAcls: 'block_public_acls',
  IgnorePublicAcls: 'ignore_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  RestrictPublicBuckets: 'restrict_public_buckets',
};

export const resultsBucket: ResourceMapper = ({ init, tags }): TfResource[] => {
  const { results: settings } = init.target;
  const live = init.live.results;
  const item = init.plan.find((i) => i.kind === 'results_bucket');
  const write = item?.steps.find((s) => s.op === 'putLifecycleRules');
  const rules: LifecycleRule[] = write?.op === 'putLifecycleRules' ? write.rules : live?.lifecycleRules.length ? live.lifecycleRules : [ourLifecycleRule(settings)];
  const blocks = rules.map(lifecycleRuleBlock);
  const unknown = rules.flatMap((r, i) => (blocks[i]!.unknown.length ? [`rule ${r.ID ?? i}: ${blocks[i]!.unknown.join(', ')}`] : []));
  const id = live ? { importId: settings.bucket } : {};
  const out: TfResource[] = [
    { type: 'aws_s3_bucket', name: RESULTS, kind: 'results_bucket', body: { bucket: settings.bucket, tags }, ...id },
    {
      type: 'aws_s3_bucket_public_access_block',
      name: RESULTS,
      kind: 'results_bucket',
      body: { bucket: BUCKET, ...Object.fromEntries(Object.values(PUBLIC_ACCESS_ARGS).map((arg) => [arg, true])) },
      ...(live?.publicAccessBlock ? id : {}),
    },
    {
      type: 'aws_s3_bucket_lifecycle_configuration',
      name: RESULTS,
      kind: 'results_bucket',
      body: { bucket: BUCKET, rule: blocks.map((b) => b.block) },
      ...(live?.lifecycleRules.length ? id : {}),
      ...(unknown.length ? { warnings: [`results bucket ${settings.bucket}: lifecycle fields not exported (add them by hand): ${unknown.join('; ')}`] } : {}),
    },
  ];
  if (!live?.encrypted) {
    out.push({
      type: 'aws_s3_bucket_server_side_encryption_configuration',
      name: RESULTS,
      kind: 'results_bucket',
      body: { bucket: BUCKET, rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } } },
    });
  }
  return out;
};

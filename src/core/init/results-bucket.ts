/**
 * The bucket Athena writes query results to: default encryption, all public access blocked, and
 * a lifecycle rule (ours, by its fixed ID) expiring results under the results prefix. On a bucket
 * that exists, any default encryption already set is kept and lifecycle rules not ours are kept.
 *
 * Only a bucket init made (tagged ours) is managed. Another one is used as it is: no encryption,
 * public access or lifecycle change; the plan says what init would have set. With
 * `results_lifecycle: true` init adds its rule there too, always under the results prefix: a rule
 * without a prefix would expire every object in somebody's bucket.
 */
import { isOurs, missingTags, notOursReason, MANAGED_TAG, PREFIX_TAG } from '../account/ownership.js';
import type { LifecycleRule, LiveResultsBucket, Step } from './types.js';

export const LIFECYCLE_RULE_ID = 'streamalert-athena-results-expiry';

export interface ResultsBucketSettings {
  bucket: string;
  /** Key prefix of the results ('' for the whole bucket). */
  prefix: string;
  retentionDays: number;
  /** `results_lifecycle`: add our rule (under the prefix) to a bucket init did not make. */
  lifecycleOnTheirs?: boolean;
}

/** Who is asking: the tags init gives what it makes, and the deployment's prefix. */
export interface Ownership {
  tags: Record<string, string>;
  prefix: string;
}

export function ourLifecycleRule(s: ResultsBucketSettings): LifecycleRule {
  return { ID: LIFECYCLE_RULE_ID, Status: 'Enabled', Filter: { Prefix: s.prefix }, Expiration: { Days: s.retentionDays } };
}

/** Same status, prefix and expiry, and nothing more that would narrow or extend the rule. */
function sameRule(live: LifecycleRule, ours: LifecycleRule): boolean {
  const keys = Object.keys(live).filter((k) => live[k] !== undefined);
  const filterKeys = Object.keys(live.Filter ?? {}).filter((k) => live.Filter?.[k] !== undefined);
  return (
    live.Status === ours.Status &&
    live.Filter?.Prefix === ours.Filter?.Prefix &&
    filterKeys.length === 1 &&
    live.Expiration?.Days === ours.Expiration?.Days &&
    keys.every((k) => ['ID', 'Status', 'Filter', 'Expiration'].includes(k))
  );
}

/** The bucket's rules with ours in place of any rule with our ID; undefined when already so. */
export function mergeLifecycleRules(live: readonly LifecycleRule[], ours: LifecycleRule): LifecycleRule[] | undefined {
  const mine = live.filter((r) => r.ID === ours.ID);
  if (mine.length === 1 && sameRule(mine[0]!, ours)) return undefined;
  const index = live.findIndex((r) => r.ID === ours.ID);
  const kept = live.filter((r) => r.ID !== ours.ID);
  if (index < 0) return [...kept, ours];
  return [...kept.slice(0, index), ours, ...kept.slice(index)];
}

export const ALL_PUBLIC_ACCESS_BLOCKED = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

export interface ResultsBucketPlan {
  action: 'create' | 'update' | 'unchanged';
  detail: string;
  steps: Step[];
}

export function planResultsBucket(s: ResultsBucketSettings, live: LiveResultsBucket | null, owner: Ownership): ResultsBucketPlan {
  const where = s.prefix ? `under ${s.prefix}` : 'in the whole bucket';
  const expiry = `results ${where} expire after ${s.retentionDays} day(s)`;
  const ours = ourLifecycleRule(s);
  if (!live) {
    return {
      action: 'create',
      detail: `default encryption (SSE-S3), all public access blocked, ${expiry}; tagged ${MANAGED_TAG}`,
      steps: [
        { op: 'createBucket', bucket: s.bucket, tags: owner.tags },
        { op: 'putBucketEncryption', bucket: s.bucket },
        { op: 'putPublicAccessBlock', bucket: s.bucket },
        { op: 'putLifecycleRules', bucket: s.bucket, rules: [ours] },
      ],
    };
  }
  if (!isOurs(live.tags, owner.prefix)) return planTheirs(s, live, owner, ours, expiry);
  const steps: Step[] = [];
  const changes: string[] = [];
  if (!live.encrypted) {
    steps.push({ op: 'putBucketEncryption', bucket: s.bucket });
    changes.push('adds default encryption (SSE-S3)');
  }
  const open = ALL_PUBLIC_ACCESS_BLOCKED.filter((k) => live.publicAccessBlock?.[k] !== true);
  if (open.length) {
    steps.push({ op: 'putPublicAccessBlock', bucket: s.bucket });
    changes.push(`blocks all public access (was off: ${open.join(', ')})`);
  }
  const rules = mergeLifecycleRules(live.lifecycleRules, ours);
  if (rules) {
    steps.push({ op: 'putLifecycleRules', bucket: s.bucket, rules });
    const others = rules.length - 1;
    changes.push(`lifecycle rule ${LIFECYCLE_RULE_ID}: ${expiry}${others ? ` (keeps ${others} other rule(s))` : ''}`);
  }
  const tags = missingTags(owner.tags, live.tags);
  if (Object.keys(tags).length) {
    // PutBucketTagging replaces the whole set: the bucket's own tags go along.
    steps.push({ op: 'putBucketTags', bucket: s.bucket, tags: { ...live.tags, ...tags } });
    changes.push(`adds tag(s) ${Object.keys(tags).sort().join(', ')}`);
  }
  if (!steps.length) return { action: 'unchanged', detail: `encrypted, public access blocked, ${expiry}`, steps };
  return { action: 'update', detail: changes.join('; '), steps };
}

/** A bucket init did not make: used as it is, except our rule under the prefix when opted in. */
function planTheirs(
  s: ResultsBucketSettings,
  live: LiveResultsBucket,
  owner: Ownership,
  ours: LifecycleRule,
  expiry: string,
): ResultsBucketPlan {
  const would: string[] = [];
  if (!live.encrypted) would.push('default encryption (SSE-S3)');
  if (ALL_PUBLIC_ACCESS_BLOCKED.some((k) => live.publicAccessBlock?.[k] !== true)) would.push('all public access blocked');
  const rules = mergeLifecycleRules(live.lifecycleRules, ours);
  const adopt = `to let init manage it, tag it ${MANAGED_TAG}=true and ${PREFIX_TAG}=${owner.prefix} (docs/init.md, "Sharing an account")`;
  const base = `${notOursReason('bucket', s.bucket, live.tags, owner.prefix).replace(/, and streamalert does not change it$/, '')}: used as it is`;
  if (rules && s.lifecycleOnTheirs && s.prefix) {
    const others = would.length ? `; not changed: ${would.join(', ')} (${adopt})` : '';
    return {
      action: 'update',
      detail: `${base}; results_lifecycle: lifecycle rule ${LIFECYCLE_RULE_ID}: ${expiry}${others}`,
      steps: [{ op: 'putLifecycleRules', bucket: s.bucket, rules }],
    };
  }
  if (rules) {
    const how = s.prefix
      ? `set "results_lifecycle": true in athena_partition_refresh_config (conf/lambda.json) to add only the lifecycle rule under ${s.prefix}`
      : `results_bucket has no prefix, so no rule is written here (it would expire the whole bucket): give results_bucket a prefix (s3://${s.bucket}/athena-results/) and set "results_lifecycle": true`;
    would.push(`lifecycle rule ${LIFECYCLE_RULE_ID} (${expiry}): ${how}`);
  }
  if (!would.length) return { action: 'unchanged', detail: `${base}; it already has what init would set (${expiry})`, steps: [] };
  return { action: 'unchanged', detail: `${base}; init would have set ${would.join('; ')}; ${adopt}`, steps: [] };
}

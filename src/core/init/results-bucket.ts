/**
 * The bucket Athena writes query results to: default encryption, all public access blocked, and
 * a lifecycle rule (ours, by its fixed ID) expiring results under the results prefix. On a bucket
 * that exists, any default encryption already set is kept and lifecycle rules not ours are kept.
 */
import type { LifecycleRule, LiveResultsBucket, Step } from './types.js';

export const LIFECYCLE_RULE_ID = 'streamalert-athena-results-expiry';

export interface ResultsBucketSettings {
  bucket: string;
  /** Key prefix of the results ('' for the whole bucket). */
  prefix: string;
  retentionDays: number;
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

export function planResultsBucket(s: ResultsBucketSettings, live: LiveResultsBucket | null): ResultsBucketPlan {
  const where = s.prefix ? `under ${s.prefix}` : 'in the whole bucket';
  const expiry = `results ${where} expire after ${s.retentionDays} day(s)`;
  const ours = ourLifecycleRule(s);
  if (!live) {
    return {
      action: 'create',
      detail: `default encryption (SSE-S3), all public access blocked, ${expiry}`,
      steps: [
        { op: 'createBucket', bucket: s.bucket },
        { op: 'putBucketEncryption', bucket: s.bucket },
        { op: 'putPublicAccessBlock', bucket: s.bucket },
        { op: 'putLifecycleRules', bucket: s.bucket, rules: [ours] },
      ],
    };
  }
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
  if (!steps.length) return { action: 'unchanged', detail: `encrypted, public access blocked, ${expiry}`, steps };
  return { action: 'update', detail: changes.join('; '), steps };
}

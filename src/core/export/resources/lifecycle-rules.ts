/**
 * S3 lifecycle rules (as GetBucketLifecycleConfiguration returns them) as the `rule` blocks of
 * aws_s3_bucket_lifecycle_configuration. Rules that are not ours are carried as read; a field this
 * does not know is reported, so the user adds it by hand rather than Terraform dropping it.
 */
import type { LifecycleRule } from '../../init/types.js';

const KNOWN = new Set([
  'ID',
  'Status',
  'Filter',
  'Prefix',
  'Expiration',
  'AbortIncompleteMultipartUpload',
  'NoncurrentVersionExpiration',
  'Transitions',
  'NoncurrentVersionTransitions',
]);

type Json = Record<string, unknown>;

function defined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function filterBlock(rule: LifecycleRule): Json {
  const f = (rule.Filter ?? {}) as Json;
  const tag = (t: unknown) => (t && typeof t === 'object' ? { key: (t as Json).Key, value: (t as Json).Value } : undefined);
  const and = f.And as Json | undefined;
  return defined({
    prefix: (f.Prefix as string | undefined) ?? (rule.Prefix !== undefined && !and && !f.Tag ? rule.Prefix : undefined),
    object_size_greater_than: f.ObjectSizeGreaterThan,
    object_size_less_than: f.ObjectSizeLessThan,
    tag: tag(f.Tag),
    and: and
      ? defined({
          prefix: and.Prefix,
          object_size_greater_than: and.ObjectSizeGreaterThan,
          object_size_less_than: and.ObjectSizeLessThan,
          tags: Array.isArray(and.Tags) ? Object.fromEntries((and.Tags as Json[]).map((t) => [t.Key, t.Value])) : undefined,
        })
      : undefined,
  });
}

export function lifecycleRuleBlock(rule: LifecycleRule): { block: Json; unknown: string[] } {
  const e = rule.Expiration as Json | undefined;
  const abort = rule.AbortIncompleteMultipartUpload as Json | undefined;
  const nve = rule.NoncurrentVersionExpiration as Json | undefined;
  const transitions = (rule.Transitions ?? []) as Json[];
  const nvt = (rule.NoncurrentVersionTransitions ?? []) as Json[];
  const block = defined({
    id: rule.ID,
    status: rule.Status,
    filter: filterBlock(rule),
    expiration: e ? defined({ days: e.Days, date: e.Date, expired_object_delete_marker: e.ExpiredObjectDeleteMarker }) : undefined,
    abort_incomplete_multipart_upload: abort ? { days_after_initiation: abort.DaysAfterInitiation } : undefined,
    noncurrent_version_expiration: nve
      ? defined({ noncurrent_days: nve.NoncurrentDays, newer_noncurrent_versions: nve.NewerNoncurrentVersions })
      : undefined,
    transition: transitions.length
      ? transitions.map((t) => defined({ days: t.Days, date: t.Date, storage_class: t.StorageClass }))
      : undefined,
    noncurrent_version_transition: nvt.length
      ? nvt.map((t) =>
          defined({
            noncurrent_days: t.NoncurrentDays,
            newer_noncurrent_versions: t.NewerNoncurrentVersions,
            storage_class: t.StorageClass,
          }),
        )
      : undefined,
  });
  const unknown = Object.keys(rule).filter((k) => rule[k] !== undefined && !KNOWN.has(k));
  return { block, unknown };
}

/**
 * The event names S3 puts in notifications, and the detail-types it sends to EventBridge (the S3
 * user guide, "Supported event types" and "Using EventBridge"). A record whose name is neither a
 * create event nor a known other event is kept, not taken for "no work": `s3:ObjectCreated:Put`
 * or `objectcreated:put` are not what S3 sends, and guessing could delete a message with work.
 */

/** eventName values of records that announce a new object. */
export const CREATE_EVENTS: ReadonlySet<string> = new Set([
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
  'ObjectCreated:CompleteMultipartUpload',
]);

/** eventName values S3 sends that carry no new object. */
export const OTHER_EVENTS: ReadonlySet<string> = new Set([
  'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post',
  'ObjectRestore:Completed',
  'ObjectRestore:Delete',
  'ReducedRedundancyLostObject',
  'Replication:OperationFailedReplication',
  'Replication:OperationMissedThreshold',
  'Replication:OperationReplicatedAfterThreshold',
  'Replication:OperationNotTracked',
  'LifecycleExpiration:Delete',
  'LifecycleExpiration:DeleteMarkerCreated',
  'LifecycleTransition',
  'IntelligentTiering',
  'ObjectTagging:Put',
  'ObjectTagging:Delete',
  'ObjectAcl:Put',
  'ObjectAnnotation:Put',
  'ObjectAnnotation:Delete',
]);

/** EventBridge detail-types of S3 events that carry no new object (`Object Created` does). */
export const OTHER_DETAIL_TYPES: ReadonlySet<string> = new Set([
  'Object Deleted',
  'Object Restore Initiated',
  'Object Restore Completed',
  'Object Restore Expired',
  'Object Tags Added',
  'Object Tags Deleted',
  'Object ACL Updated',
  'Object Storage Class Changed',
  'Object Access Tier Changed',
]);

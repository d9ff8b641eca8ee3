/**
 * The notification queue's policy: S3 may send messages from the configured buckets of this
 * account (without it S3 refuses to save the bucket notification configuration). Our statement
 * is the one with our fixed Sid; every other statement of the policy is kept as it is.
 */

export const POLICY_SID = 'StreamAlertAthenaS3Notifications';

export interface PolicyStatement {
  Sid?: string;
  [key: string]: unknown;
}

export function ourPolicyStatement(queueArn: string, bucketArns: readonly string[], accountId: string): PolicyStatement {
  return {
    Sid: POLICY_SID,
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: {
      ArnLike: { 'aws:SourceArn': [...bucketArns].sort() },
      StringEquals: { 'aws:SourceAccount': accountId },
    },
  };
}

export type PolicyPlan =
  { action: 'create' | 'update' | 'unchanged'; detail: string; policy?: string } | { action: 'blocked'; detail: string };

/**
 * Compares policy values the way IAM means them: a one-element list is its element, lists are
 * sets, object keys are unordered.
 */
export function normalizePolicyValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalizePolicyValue);
    if (items.length === 1) return items[0];
    return items
      .map((v) => JSON.stringify(v))
      .sort()
      .map((s) => JSON.parse(s) as unknown);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalizePolicyValue((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function samePolicyValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalizePolicyValue(a)) === JSON.stringify(normalizePolicyValue(b));
}

/** The policy with our statement in it; `live` is the queue's Policy attribute (undefined: none). */
export function planQueuePolicy(live: string | undefined, ours: PolicyStatement): PolicyPlan {
  const sources = (ours.Condition as { ArnLike: { 'aws:SourceArn': string[] } }).ArnLike['aws:SourceArn'];
  const what = `s3.amazonaws.com may SendMessage from ${sources.length} bucket(s) of this account (Sid ${POLICY_SID})`;
  if (live === undefined || live.trim() === '') {
    return { action: 'create', detail: what, policy: JSON.stringify({ Version: '2012-10-17', Statement: [ours] }) };
  }
  let parsed: { Statement?: unknown; [key: string]: unknown };
  try {
    parsed = JSON.parse(live) as typeof parsed;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    return {
      action: 'blocked',
      detail: `the queue's policy is not a JSON policy document; fix or remove it (aws sqs set-queue-attributes), then run init again`,
    };
  }
  const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : []) as PolicyStatement[];
  const index = statements.findIndex((s) => s.Sid === POLICY_SID);
  const others = statements.length - (index >= 0 ? 1 : 0);
  const keeps = others ? `; keeps ${others} other statement(s)` : '';
  if (index >= 0 && samePolicyValue(statements[index], ours) && statements.filter((s) => s.Sid === POLICY_SID).length === 1) {
    return { action: 'unchanged', detail: `${what}${keeps}` };
  }
  const merged = statements.filter((s, i) => s.Sid !== POLICY_SID || i === index).map((s, i) => (i === index ? ours : s));
  if (index < 0) merged.push(ours);
  return {
    action: 'update',
    detail: `${index >= 0 ? 'replaces' : 'adds'} statement: ${what}${keeps}`,
    policy: JSON.stringify({ ...parsed, Version: parsed.Version ?? '2012-10-17', Statement: merged }),
  };
}

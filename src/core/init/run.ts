/**
 * The `athena init` run: read what exists through the port, plan, and (unless a dry run, or
 * anything is blocked) carry out the plan's steps in dependency order. A run with nothing to
 * change makes read calls only.
 */
import { checkAccount } from '../account/account.js';
import type { Config } from '../config/load.js';
import type { TableSchema } from '../config/table-schemas.js';
import { inContext, InitBlockedError } from '../kernel/errors.js';
import { writeBucketNotifications } from './notification-write.js';
import { initTarget, orderedSteps, planInit, type InitTarget, type LiveState } from './plan.js';
import type { InitPort } from './ports.js';
import type { InitReport, PlanItem, ResourceKind, Step } from './types.js';

/** What init reads of conf/: the account (checked against the credentials), its tags, the athena section. */
export type InitConfig = Pick<Config, 'account' | 'athena' | 'tags' | 'dir'>;

export interface InitOptions {
  dryRun?: boolean;
  updateTables?: boolean;
  onProgress?: (text: string) => void;
}

export interface InitRun extends InitReport {
  /** Rows that are blocked; when any, nothing was applied. */
  blocked: PlanItem[];
  /** Steps carried out. */
  applied: number;
}

/** An AWS failure, prefixed with the resource it was for (the message already names the operation). */
async function forResource<T>(kind: ResourceKind, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw inContext(`${kind} ${name}`, err);
  }
}

export async function readLiveState(target: InitTarget, port: InitPort): Promise<LiveState> {
  const keyArn = target.queue.settings.kmsKeyArn;
  const [queue, dlq, bucketStates, regions, results, database, tableStates, key] = await Promise.all([
    forResource('queue', target.queue.name, () => port.getQueue(target.queue.name)),
    forResource('dlq', target.dlq.name, () => port.getQueue(target.dlq.name)),
    Promise.all(target.buckets.map((b) => forResource('bucket_notification', b, () => port.getBucketNotifications(b)))),
    Promise.all(target.buckets.map((b) => forResource('bucket_notification', b, () => port.getBucketRegion(b)))),
    forResource('results_bucket', target.results.bucket, () => port.getResultsBucket(target.results.bucket)),
    forResource('database', target.database, () => port.getDatabase(target.database)),
    Promise.all(target.tables.map((t) => forResource('table', t.name, () => port.getTable(target.database, t.name)))),
    keyArn ? forResource('queue', target.queue.name, () => port.describeKey(keyArn)) : undefined,
  ]);
  return {
    queue,
    dlq,
    buckets: Object.fromEntries(target.buckets.map((b, i) => [b, bucketStates[i] ?? null])),
    regions: Object.fromEntries(target.buckets.map((b, i) => [b, regions[i] ?? null])),
    results,
    database,
    tables: Object.fromEntries(target.tables.map((t, i) => [t.name, tableStates[i] ?? null])),
    ...(keyArn ? { key: key ?? null } : {}),
  };
}

async function applyStep(port: InitPort, step: Step): Promise<void> {
  switch (step.op) {
    case 'createQueue':
      return port.createQueue(step.name, step.attributes, step.tags);
    case 'setQueueAttributes':
      return port.setQueueAttributes(step.name, step.attributes);
    case 'tagQueue':
      return port.tagQueue(step.name, step.tags);
    case 'putBucketNotifications':
      await writeBucketNotifications(port, step);
      return;
    case 'createBucket':
      return port.createBucket(step.bucket, step.tags);
    case 'putBucketTags':
      return port.putBucketTags(step.bucket, step.tags);
    case 'putBucketEncryption':
      return port.putBucketEncryption(step.bucket);
    case 'putPublicAccessBlock':
      return port.putPublicAccessBlock(step.bucket);
    case 'putLifecycleRules':
      return port.putLifecycleRules(step.bucket, step.rules);
    case 'createDatabase':
      if (step.glue) await port.createGlueDatabase(step.name, step.tags);
      // On AWS, Athena's catalog is Glue's and sees it now; a local endpoint needs Athena's own.
      if (!(await port.athenaDatabaseExists(step.name))) await port.createAthenaDatabase(step.name);
      return;
    case 'tagDatabase':
      return port.tagDatabase(step.name, step.tags);
    case 'createTable':
      return port.createTable(step.database, step.table);
    case 'updateTable':
      return port.updateTable(step.database, step.table);
  }
}

export async function runInit(
  config: InitConfig,
  schemas: readonly TableSchema[],
  port: InitPort,
  options: InitOptions = {},
): Promise<InitRun> {
  const say = options.onProgress ?? (() => {});
  const target = initTarget(config, schemas);
  // Before any other call, dry run or not: in the wrong account nothing is read or made.
  say('checking the account');
  await checkAccount(port, config);
  say('reading the live resources');
  const plan = planInit(target, await readLiveState(target, port), { updateTables: options.updateTables });
  const blocked = plan.filter((i) => i.action === 'blocked');
  let applied = 0;
  if (!options.dryRun && !blocked.length) {
    for (const { item, step } of orderedSteps(plan)) {
      say(`${item.kind} ${item.name}: ${step.op}`);
      await forResource(item.kind, item.name, () => applyStep(port, step));
      applied++;
    }
  }
  return {
    dryRun: Boolean(options.dryRun),
    resources: plan.map(({ kind, name, action, detail }) => ({ kind, name, action, detail })),
    blocked,
    applied,
  };
}

/** runInit for callers that need the resources in place (the demo, tests): blocked is an error. */
export async function ensureInit(
  config: InitConfig,
  schemas: readonly TableSchema[],
  port: InitPort,
  options: Omit<InitOptions, 'dryRun'> = {},
): Promise<InitRun> {
  const run = await runInit(config, schemas, port, options);
  if (run.blocked.length) throw new InitBlockedError(run.blocked);
  return run;
}

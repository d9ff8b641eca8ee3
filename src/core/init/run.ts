/**
 * The `athena init` run: read what exists through the port, plan, and (unless a dry run, or
 * anything is blocked) carry out the plan's steps in dependency order. A run with nothing to
 * change makes read calls only.
 */
import type { Config } from '../config/load.js';
import type { TableSchema } from '../config/table-schemas.js';
import { AwsError, InitBlockedError } from '../errors.js';
import { initTarget, orderedSteps, planInit, type InitTarget, type LiveState } from './plan.js';
import type { InitPort } from './ports.js';
import type { InitReport, PlanItem, ResourceKind, Step } from './types.js';

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
    if (err instanceof AwsError) throw new AwsError(`${kind} ${name}: ${err.message}`, err.service, err.operation, err.code, { cause: err });
    throw err;
  }
}

export async function readLiveState(target: InitTarget, port: InitPort): Promise<LiveState> {
  const [queue, dlq, bucketStates, results, database, tableStates] = await Promise.all([
    forResource('queue', target.queue.name, () => port.getQueue(target.queue.name)),
    forResource('dlq', target.dlq.name, () => port.getQueue(target.dlq.name)),
    Promise.all(target.buckets.map((b) => forResource('bucket_notification', b, () => port.getBucketNotifications(b)))),
    forResource('results_bucket', target.results.bucket, () => port.getResultsBucket(target.results.bucket)),
    forResource('database', target.database, () => port.getDatabase(target.database)),
    Promise.all(target.tables.map((t) => forResource('table', t.name, () => port.getTable(target.database, t.name)))),
  ]);
  return {
    queue,
    dlq,
    buckets: Object.fromEntries(target.buckets.map((b, i) => [b, bucketStates[i] ?? null])),
    results,
    database,
    tables: Object.fromEntries(target.tables.map((t, i) => [t.name, tableStates[i] ?? null])),
  };
}

async function applyStep(port: InitPort, step: Step): Promise<void> {
  switch (step.op) {
    case 'createQueue':
      return port.createQueue(step.name, step.attributes);
    case 'setQueueAttributes':
      return port.setQueueAttributes(step.name, step.attributes);
    case 'putBucketNotifications':
      return port.putBucketNotifications(step.bucket, step.configuration);
    case 'createBucket':
      return port.createBucket(step.bucket);
    case 'putBucketEncryption':
      return port.putBucketEncryption(step.bucket);
    case 'putPublicAccessBlock':
      return port.putPublicAccessBlock(step.bucket);
    case 'putLifecycleRules':
      return port.putLifecycleRules(step.bucket, step.rules);
    case 'createDatabase':
      if (step.glue) await port.createGlueDatabase(step.name);
      // On AWS, Athena's catalog is Glue's and sees it now; a local endpoint needs Athena's own.
      if (!(await port.athenaDatabaseExists(step.name))) await port.createAthenaDatabase(step.name);
      return;
    case 'createTable':
      return port.createTable(step.database, step.table);
    case 'updateTable':
      return port.updateTable(step.database, step.table);
  }
}

export async function runInit(config: Pick<Config, 'account' | 'athena'>, schemas: readonly TableSchema[], port: InitPort, options: InitOptions = {}): Promise<InitRun> {
  const say = options.onProgress ?? (() => {});
  const target = initTarget(config, schemas);
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
  return { dry_run: Boolean(options.dryRun), resources: plan.map(({ kind, name, action, detail }) => ({ kind, name, action, detail })), blocked, applied };
}

/** runInit for callers that need the resources in place (the demo, tests): blocked is an error. */
export async function ensureInit(config: Pick<Config, 'account' | 'athena'>, schemas: readonly TableSchema[], port: InitPort, options: Omit<InitOptions, 'dryRun'> = {}): Promise<InitRun> {
  const run = await runInit(config, schemas, port, options);
  if (run.blocked.length) throw new InitBlockedError(run.blocked);
  return run;
}

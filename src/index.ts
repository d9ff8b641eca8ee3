/** streamalert as a library: the same functions the CLI and the Lambda handler use. */
export { refresh, type RefreshOptions } from './refresh.js';
export { backfill, redrive, type BackfillCallOptions, type RedriveCallOptions } from './recovery.js';
export { loadConfig, configFromObjects, defaultQueueName, type Config, type AthenaSettings, type LoadConfigOptions } from './core/config/load.js';
export type { RefreshStrategy, LogLevel, FunctionSection, AthenaSection, Trigger } from './core/config/schema.js';
export {
  runRefresh,
  processMessages,
  RefreshAbortedError,
  type RefreshResult,
  type RefreshSettings,
  type RefreshPorts,
  type RunOptions,
  type KeptMessage,
  type StopReason,
} from './core/refresh.js';
export { parseNotification, decodeS3Key, type ObjectRef, type NotificationRecord, type ParsedMessage } from './core/notifications.js';
export { partitionFor, type Partition, type BucketMap } from './core/partitions.js';
export { bucketMapping, tableLocation, mappedTables, type BucketValue, type BucketMapping } from './core/buckets.js';
export { runBackfill, type BackfillOptions, type BackfillPorts, type BackfillSettings, type BackfillProgress } from './core/backfill/run.js';
export type { BackfillResult, TableBackfill } from './core/backfill/report.js';
export type { FolderLister, PartitionCatalog, RegisteredPartition } from './core/backfill/ports.js';
export { discoverPartitions, type Discovery } from './core/backfill/discovery.js';
export { parseRange, type DtRange } from './core/backfill/range.js';
export { runRedrive, type RedriveOptions, type RedriveResult, type DeadLetterPort, type TargetQueuePort, type MovableMessage } from './core/redrive.js';
export { addPartitionStatements, repairStatement, MAX_QUERY_BYTES } from './core/statements.js';
export { parseSchedule, nextRun, type Schedule } from './core/schedule.js';
export * from './core/errors.js';
export type { QueuePort, AthenaPort, GluePort, CatalogPort, RegisteredPartitions, CallOptions, QueueMessage } from './core/ports.js';
export { AwsClients } from './aws/clients.js';
export { ClientFactory, type ClientOptions } from './aws/client-factory.js';
export {
  resolveFunctions,
  functionSpec,
  parseFunctionNames,
  defaultFunctionName,
  FUNCTION_KEYS,
  ALIAS,
  type FunctionKey,
  type FunctionSpec,
  type FunctionSelection,
  type CodeSource,
} from './core/deploy/functions.js';
export { planFunction, planSchedule, type FunctionPlan, type LiveState, type Step } from './core/deploy/plan.js';
export { planRole, planLogGroup, samePolicy } from './core/deploy/resource-plans.js';
export { planMapping, visibilityProblem } from './core/deploy/mapping-plan.js';
export { runtimeStatus, recommendedRuntime, NODE_RUNTIMES, DEFAULT_RUNTIME, type NodeRuntime, type RuntimeStatus } from './core/runtimes.js';
export {
  runDeploy,
  runRollback,
  rollbackTarget,
  type DeployReport,
  type FunctionDeployResult,
  type RollbackResult,
  type DeployPorts,
  type DeployOptions,
  type DeployTarget,
} from './core/deploy/run.js';
export type { FunctionsPort, SchedulePort, RolePort, LogGroupPort, EventSourcePort, Packager, BuiltPackage } from './core/deploy/ports.js';
export { packageFunction, type FunctionPackage } from './packaging/package.js';
export { deterministicZip, type ZipEntry } from './packaging/zip.js';
export { lambdaFunctions } from './aws/functions.js';
export { scheduleRules } from './aws/schedule-rule.js';
export { iamRoles } from './aws/roles.js';
export { logGroups } from './aws/log-groups.js';
export { eventSources } from './aws/event-sources.js';
export {
  analyzeQueueMetrics,
  planWindow,
  parseDuration,
  recommend,
  scheduleIntervalSeconds,
  THRESHOLDS as MONITOR_THRESHOLDS,
  type MonitorReport,
  type MonitorInput,
  type MonitorStatus,
  type MonitorWindow,
  type MonitorSettings,
  type QueueMetrics,
  type QueueState,
  type PeriodRow,
  type MonitorTotals,
  type MetricPoint,
} from './core/monitor/index.js';
export { readMonitorData, fetchQueueMetrics, readQueueState } from './aws/metrics.js';
export { runInit, ensureInit, readLiveState, type InitRun, type InitOptions } from './core/init/run.js';
export { initTarget, planInit, type InitTarget, type LiveState as InitLiveState } from './core/init/plan.js';
export { planBucketNotifications, configurationsOverlap, NOTIFICATION_ID } from './core/init/bucket-notifications.js';
export { planQueuePolicy, POLICY_SID } from './core/init/queue-policy.js';
export type { InitReport, PlannedResource, ResourceKind, ResourceAction, Step as InitStep, BucketNotifications, TableDefinition } from './core/init/types.js';
export type { InitPort } from './core/init/ports.js';
export { buildInitIamPolicy } from './core/init/iam-policy.js';
export { loadTableSchemas, type TableSchema } from './core/config/table-schemas.js';
export { parseHiveType } from './core/init/hive-types.js';
export { awsInitPort, initDeployment, provision } from './aws/provision.js';

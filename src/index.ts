/**
 * streamalert as a library: what a user calls, the results and configuration it takes and gives,
 * the errors it throws, and the ports to run the refresh against services of your own. Everything
 * else is internal and may change. docs/library.md describes each name.
 */

// The refresh: one call, or the same run against your own ports.
export { refresh, type RefreshOptions } from './api/refresh.js';
export {
  runRefresh,
  RefreshAbortedError,
  type RefreshResult,
  type RefreshSettings,
  type RefreshPorts,
  type RunOptions,
  type RefreshProgress,
  type KeptMessage,
  type StopReason,
} from './core/refresh/index.js';
export type { CallRecord } from './core/partitions/registrar.js';

// The monitor: one call, or the analysis of metric series you fetched yourself.
export { monitor, type MonitorOptions } from './api/monitor.js';
export {
  analyzeQueueMetrics,
  planWindow,
  type Finding,
  type MonitorInput,
  type MonitorReport,
  type MonitorSettings,
  type MonitorStatus,
  type MonitorTotals,
  type MonitorWindow,
  type MetricPoint,
  type PeriodRow,
  type QueueMetrics,
  type QueueState,
} from './core/monitor/index.js';

// Setting up and recovering: athena init, backfill, redrive.
export { init, type InitCallOptions } from './api/init.js';
export type { InitRun } from './core/init/run.js';
export type { InitReport, PlannedResource } from './core/init/types.js';
export { backfill, type BackfillCallOptions } from './api/backfill.js';
export { redrive, type RedriveCallOptions } from './api/redrive.js';
export type { BackfillResult, TableBackfill } from './core/backfill/report.js';
export type { BackfillProgress } from './core/backfill/types.js';
export type { RedriveResult } from './core/redrive/redrive.js';

// Deploy and rollback.
export { deploy, rollback, type DeployOptions, type RollbackOptions, type RollbackReport } from './api/deploy.js';
export type { DeployAction, DeployReport, FunctionDeployResult, ScheduleResult } from './core/deploy/result.js';
export type { RollbackResult } from './core/deploy/rollback.js';
export type { FunctionKey, SkippedFunction } from './core/deploy/functions.js';

// Configuration.
export { loadConfig, configFromObjects, type Config, type AthenaSettings, type LoadConfigOptions } from './core/config/load.js';
export type { AthenaSection, FunctionSection, LogLevel, RefreshStrategy, Trigger } from './core/config/schema.js';

// The options every one-call function shares, and every type they name: clients to reuse, the
// shared config files as read, a request record for onRequest (--debug's lines).
export type { LibraryOptions } from './api/options.js';
export type { AwsCredentials, AwsRequestRecord, ClientFactory, ClientOptions, SharedConfig } from './aws/sdk/client-factory.js';
export type { AwsClients } from './aws/sdk/clients.js';
export type { Logger, LogFields } from './core/kernel/logger.js';

// Errors: the library throws these and never exits the process.
export {
  StreamAlertError,
  ConfigError,
  UsageError,
  AwsError,
  CredentialsError,
  DatabaseNotFoundError,
  QueueNotFoundError,
  NothingToRollBackError,
  AthenaQueryError,
  InitBlockedError,
  PartialFailureError,
} from './core/kernel/errors.js';

// Ports: what runRefresh talks to.
export type {
  AthenaPort,
  CallOptions,
  CatalogPort,
  Clock,
  GluePort,
  PartitionFailure,
  QueryState,
  QueryStateName,
  RegisteredPartitions,
} from './core/partitions/ports.js';
export type { DeleteEntry, DeleteFailure, QueueMessage, QueuePort } from './core/refresh/ports.js';
export type { Partition } from './core/partitions/partition.js';

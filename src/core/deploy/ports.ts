/**
 * What the deploy run talks to; src/aws implements it (functions.ts, schedule-rule.ts, roles.ts,
 * log-groups.ts, event-sources.ts).
 */
import type { AlarmStep, LiveAlarm } from './alarm-plan.js';
import type { ManagedRoleSpec, TriggerSpec } from './athena-spec.js';
import type { FunctionSpec, ScheduleSpec } from './functions.js';
import type { LiveMapping, LiveQueue, MappingStep } from './mapping-plan.js';
import type { LiveFunction, LiveState } from './function-plan.js';
import type { LiveLogGroup, LiveRole, LogGroupStep, RoleStep } from './resource-plans.js';
import type { LiveSchedule, ScheduleStep } from './schedule-plan.js';

export interface FunctionsPort {
  /** The function, its `production` alias and the alias's version; null where missing. */
  getState(name: string): Promise<LiveState>;
  /** CreateFunction (with these tags), then wait until it is Active. */
  create(spec: FunctionSpec, zip: Uint8Array, tags?: Record<string, string>): Promise<LiveFunction>;
  /** Adds (or overwrites) these tags on the function; others stay. */
  tag(name: string, tags: Record<string, string>): Promise<void>;
  /** UpdateFunctionCode, then wait until LastUpdateStatus is Successful. */
  updateCode(name: string, zip: Uint8Array): Promise<LiveFunction>;
  /** UpdateFunctionConfiguration with the spec's settings, then wait. */
  updateConfiguration(spec: FunctionSpec): Promise<LiveFunction>;
  /** PublishVersion of $LATEST, guarded by the expected CodeSha256. */
  publishVersion(name: string, codeSha256: string, description: string): Promise<string>;
  /** Create the alias or move it to `version`; returns the alias ARN. */
  setAlias(name: string, version: string, exists: boolean): Promise<string>;
  /** Published version numbers (without $LATEST). */
  listVersions(name: string): Promise<string[]>;
}

export interface SchedulePort {
  getState(schedule: ScheduleSpec, functionName: string, aliasArn: string): Promise<LiveSchedule>;
  apply(schedule: ScheduleSpec, functionName: string, aliasArn: string, steps: ScheduleStep[]): Promise<void>;
}

/** The execution role deploy manages when role_arn is not set (IAM). */
export interface RolePort {
  /** The role with its trust policy, the inline policy `policyName`, its tags, every policy on it and its boundary; null when there is no such role. */
  get(name: string, policyName: string): Promise<LiveRole | null>;
  apply(spec: ManagedRoleSpec, steps: RoleStep[]): Promise<void>;
}

/** The function's log group (CloudWatch Logs). */
export interface LogGroupPort {
  /** The group's retention and tags; null when there is none. */
  get(name: string): Promise<LiveLogGroup | null>;
  apply(name: string, steps: LogGroupStep[]): Promise<void>;
}

/** The notification queue and the event-source mapping from it to the alias. */
export interface EventSourcePort {
  /** The queue's URL, ARN and visibility timeout; QueueNotFoundError when it does not exist. */
  queue(name: string): Promise<LiveQueue>;
  /** The mapping from the queue to the alias; null when there is none (or no alias yet). */
  getMapping(queueArn: string, aliasArn: string): Promise<LiveMapping | null>;
  apply(trigger: TriggerSpec, aliasArn: string, live: LiveMapping | null, steps: MappingStep[]): Promise<void>;
}

/** The function's CloudWatch alarms (src/aws/deploy/alarms.ts). */
export interface AlarmPort {
  /** The alarms of these names that exist, with their tags. */
  get(names: readonly string[]): Promise<Map<string, LiveAlarm>>;
  apply(steps: AlarmStep[]): Promise<void>;
}

export interface BuiltPackage {
  zip: Uint8Array;
  sha256: string;
  sha256Hex: string;
  size: number;
  /** Files of the source left out of the zip, and why (secret files, version control, links). */
  excluded?: { path: string; reason: string }[];
}

/** Builds the zip of one function (src/packaging implements it). */
export type Packager = (spec: FunctionSpec) => Promise<BuiltPackage>;

export interface DeployPorts {
  /** The account check (core/account/account.ts), run once before anything is read or written. */
  account?: () => Promise<unknown>;
  functions: FunctionsPort;
  schedules: SchedulePort;
  roles: RolePort;
  logGroups: LogGroupPort;
  eventSources: EventSourcePort;
  packager: Packager;
  /** Absent: alarms are not managed (callers that predate them). */
  alarms?: AlarmPort;
}

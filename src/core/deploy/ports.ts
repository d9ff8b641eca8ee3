/** What the deploy run talks to; src/aws/functions.ts and src/aws/schedule-rule.ts implement it. */
import type { FunctionSpec, ScheduleSpec } from './functions.js';
import type { LiveFunction, LiveSchedule, LiveState, ScheduleStep } from './plan.js';

export interface FunctionsPort {
  /** The function, its `production` alias and the alias's version; null where missing. */
  getState(name: string): Promise<LiveState>;
  /** CreateFunction, then wait until it is Active. */
  create(spec: FunctionSpec, zip: Uint8Array): Promise<LiveFunction>;
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

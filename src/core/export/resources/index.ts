/**
 * Every resource kind the export writes, one mapper each. A new kind is one more mapper file and
 * one more row here; document.ts sorts and writes whatever the mappers return.
 */
import type { ResourceMapper } from '../types.js';
import { alarms } from './alarms.js';
import { bucketNotifications } from './bucket-notifications.js';
import { catalog } from './catalog.js';
import { lambdaFunction } from './function.js';
import { logGroup } from './log-group.js';
import { queuePolicy, queues } from './queues.js';
import { resultsBucket } from './results-bucket.js';
import { role } from './role.js';
import { trigger } from './trigger.js';

export const MAPPERS: readonly ResourceMapper[] = [
  queues,
  queuePolicy,
  bucketNotifications,
  resultsBucket,
  catalog,
  role,
  logGroup,
  lambdaFunction,
  trigger,
  alarms,
];

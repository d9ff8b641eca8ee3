/** The proxy's log of calls: an entry per call, with what the test or the bench reads of the request and the answer. */
import type { AthenaQueries } from './athena-state.js';
import type { FaultKind, FaultRule } from './faults.js';
import { isOk, parseJson, type JsonObject, type Reply } from './replies.js';

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body?: string;
}

export interface ProxyLogEntry {
  seq: number;
  operation: string;
  /** Epoch ms the request arrived, and when its answer was sent (or the connection dropped). */
  start: number;
  end: number;
  /** Time moto (or the memory queue) took; 0 when the call was not forwarded. */
  upstreamMs: number;
  /** Latency the model (and spikes) added. */
  addedMs: number;
  /** HTTP status sent; 0 for a reset connection. */
  status: number;
  /** Error code sent, if any (injected or from moto). */
  error?: string;
  /** The fault injected into this call, if any. */
  fault?: FaultKind;
  /** SQS.ReceiveMessage */
  received?: ReceivedMessage[];
  /** SQS.DeleteMessageBatch / DeleteMessage: the entries asked for, and which were not deleted. */
  deleteEntries?: { id: string; receiptHandle: string }[];
  deleteFailed?: { id: string; code: string; injected: boolean }[];
  /** Athena.StartQueryExecution */
  query?: string;
  queryExecutionId?: string;
  /** Athena.GetQueryExecution: the state the client was told. */
  state?: string;
  /** Glue.BatchCreatePartition / CreatePartition */
  glue?: { database: string; table: string; values: string[][]; errors: string[][] };
  /** Lambda CreateFunction / UpdateFunctionConfiguration: the LoggingConfig asked for (moto does not keep it). */
  loggingConfig?: JsonObject;
}

/** Logs what a request asks for: entries to delete, the query started, the partitions created. */
export function noteRequest(entry: ProxyLogEntry, operation: string, request: JsonObject | undefined): void {
  if (!request) return;
  if (operation.startsWith('Lambda.') && request.LoggingConfig) entry.loggingConfig = request.LoggingConfig;
  if (operation === 'SQS.DeleteMessageBatch') {
    const entries: JsonObject[] = request.Entries ?? [];
    entry.deleteEntries = entries.map((asked) => ({ id: String(asked.Id), receiptHandle: String(asked.ReceiptHandle) }));
  } else if (operation === 'SQS.DeleteMessage') {
    entry.deleteEntries = [{ id: '0', receiptHandle: String(request.ReceiptHandle) }];
  } else if (operation === 'Athena.StartQueryExecution') {
    entry.query = String(request.QueryString ?? '');
  } else if (operation === 'Glue.BatchCreatePartition' || operation === 'Glue.CreatePartition') {
    const inputs: JsonObject[] = request.PartitionInputList ?? (request.PartitionInput ? [request.PartitionInput] : []);
    entry.glue = {
      database: request.DatabaseName,
      table: request.TableName,
      values: inputs.map((partition) => partition.Values ?? []),
      errors: [],
    };
  }
}

export interface AnswerContext {
  athena: AthenaQueries;
  logBodies: boolean;
  now: number;
  /** DeleteMessageBatch entries a partial-delete fault kept from moto: added to the answer's Failed. */
  injectedFailed: JsonObject[];
  /** A query-failed or query-cancelled rule that hit this StartQueryExecution. */
  queryFault?: FaultRule;
}

/**
 * Logs what a successful answer says and rewrites it where the proxy plays AWS: injected delete
 * failures, Athena's query states. Returns the answer to send.
 */
export function noteAnswer(
  operation: string,
  reply: Reply,
  entry: ProxyLogEntry,
  request: JsonObject | undefined,
  context: AnswerContext,
): Reply {
  if (!isOk(reply)) return reply;
  const answer = parseJson(reply.body);
  if (!answer) return reply;
  let changed = false;
  switch (operation) {
    case 'SQS.ReceiveMessage':
      entry.received = (answer.Messages ?? []).map((message: JsonObject) => ({
        messageId: message.MessageId,
        receiptHandle: message.ReceiptHandle,
        ...(context.logBodies ? { body: message.Body } : {}),
      }));
      break;
    case 'SQS.DeleteMessageBatch': {
      const injected = context.injectedFailed;
      if (injected.length) {
        answer.Failed = [...(answer.Failed ?? []), ...injected];
        changed = true;
      }
      entry.deleteFailed = (answer.Failed ?? []).map((failed: JsonObject) => ({
        id: String(failed.Id),
        code: String(failed.Code),
        injected: injected.some((i) => i.Id === failed.Id),
      }));
      break;
    }
    case 'Athena.StartQueryExecution': {
      const id = String(answer.QueryExecutionId);
      entry.queryExecutionId = id;
      context.athena.started(id, String(request?.QueryString ?? ''), context.now, context.queryFault);
      break;
    }
    case 'Athena.GetQueryExecution':
      entry.queryExecutionId = answer.QueryExecution?.QueryExecutionId;
      entry.state = context.athena.rewrite(answer.QueryExecution, context.now);
      changed = true;
      break;
    case 'Athena.BatchGetQueryExecution':
      for (const execution of answer.QueryExecutions ?? []) context.athena.rewrite(execution, context.now);
      changed = true;
      break;
    case 'Glue.BatchCreatePartition':
      if (entry.glue) entry.glue.errors = (answer.Errors ?? []).map((error: JsonObject) => error.PartitionValues ?? []);
      break;
  }
  if (!changed) return reply;
  return { ...reply, body: Buffer.from(JSON.stringify(answer)) };
}

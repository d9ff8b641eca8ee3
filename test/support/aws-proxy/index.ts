/**
 * An HTTP proxy of ours in front of a moto server: it names every AWS call, counts and logs it,
 * adds latency from a per-operation model, holds Athena DDL queries RUNNING for a while, and
 * injects faults deterministically from a seed. Used by the bench (bench/) and the chaos test.
 *
 *   const moto = await startMoto();
 *   const proxy = await startAwsProxy({ target: moto.url, sqs: 'memory', seed: 7,
 *     faults: [{ operation: 'SQS.ReceiveMessage', kind: 'throttle', rate: 0.1 }] });
 *   const clients = new AwsClients({ region: 'us-east-1', endpointUrl: proxy.url });
 *   ... proxy.counts()['SQS.ReceiveMessage'], proxy.log, proxy.queries() ...
 *   await proxy.stop();
 *
 * Operations are named `Service.Operation`: `SQS.ReceiveMessage`, `Athena.StartQueryExecution`,
 * `Glue.BatchCreatePartition`, `S3.PutObject` (how: operations.ts).
 * Patterns in the latency model and fault rules: an exact name, `Service.*`, or `*`.
 *
 * Options (all optional except `target`):
 *   latency       per-operation milliseconds; default DEFAULT_LATENCY (issue 5's model: SQS 20 ms;
 *                 Athena StartQueryExecution, GetQueryExecution, GetDatabase 50 ms; Glue 80 ms).
 *                 `false` for none. The most specific pattern wins.
 *   latencyMode   'add' (default): the answer is held `latency` ms after the upstream answered, so a
 *                 call costs upstream time + latency. 'floor': the answer is released no earlier
 *                 than `latency` ms after the request arrived (upstream time hides inside it).
 *   ddlRunningMs  a DDL query (ALTER, MSCK, CREATE, DROP) started through the proxy reads RUNNING
 *                 for this long after its start (GetQueryExecution's State is rewritten); default
 *                 1,500. Then it reads SUCCEEDED, or FAILED/CANCELLED if a fault picked it.
 *   sqs           'moto' (default) forwards SQS to moto. 'memory' serves SQS's JSON protocol from an
 *                 in-memory standard queue in the proxy (visibility timeout, receive count, redrive
 *                 to a dead-letter queue, approximate counts; O(1) per message). Use it for more
 *                 than a few hundred messages: moto 5.2's ReceiveMessage scans the whole queue
 *                 several times per returned message (~2 s per call at 1,000 queued messages).
 *                 S3 bucket notifications are not delivered to memory queues.
 *   faults, seed  fault rules (below) and the seed that picks which calls they hit.
 *   logBodies     keep received message bodies in the log (default true; the bench turns it off).
 *
 * Fault rules: `{ operation, kind, rate }`, or `nth: [1, 5]` (1-based call numbers of that
 * operation) instead of a rate; `limit` caps how many times a rule fires. Whether call k of
 * operation O is hit depends only on (seed, rule index, O, k), so a seed replays the same faults
 * for the same sequence of calls per operation. Kinds:
 *   http500, http503   the service's error shape for an internal error / unavailable (not forwarded)
 *   throttle           SQS: HTTP 403 `RequestThrottled` (x-amzn-query-error RequestThrottled;Sender);
 *                      Athena: 400 `TooManyRequestsException` (Reason CONCURRENT_QUERY_LIMIT_EXCEEDED);
 *                      Glue and others: 400 `ThrottlingException`; S3: 503 `SlowDown` (not forwarded)
 *                      (not forwarded; the SDK does not retry it)
 *   reset              the connection is destroyed before the call reaches moto
 *   expired-token      HTTP 403 `ExpiredTokenException` (the session token expired; not forwarded)
 *   reset-after        the call is forwarded (it happened), then the connection is destroyed
 *   hang               the call is never answered (nor forwarded): the proxy holds the connection
 *                      until the client gives up (aborts) or the proxy stops
 *   denied             HTTP 400 `AccessDenied` (SQS) / `AccessDeniedException` (others): what a
 *                      missing IAM permission looks like (not forwarded, not retried by the SDK)
 *   latency            `spikeMs` (default 2,000) more latency; combines with the others
 *   query-failed,      on Athena.StartQueryExecution: the started query ends FAILED / CANCELLED
 *   query-cancelled    (with `reason`, or a Hive-like default) once its RUNNING time is over
 *   partial-delete     on SQS.DeleteMessageBatch: each entry fails with probability `entryRate`
 *                      (default 0.3, at least one entry) and is reported in `Failed` (Code
 *                      InternalError, SenderFault false) and NOT deleted; the rest are deleted.
 *   corrupt-body       on SQS.ReceiveMessage: the first returned message's Body is altered in
 *                      transit, its MD5OfBody kept (what a damaged answer looks like to the client).
 * The SDK retries throttles, 500/503 and resets by itself (up to its maxAttempts); faults hit each
 * attempt independently, since each attempt is a call.
 *
 * The API: `url` (point clients here), `directUrl` (same upstream, but no latency, faults, counts
 * or log: for preloading), `counts()` (calls per operation; `counts(true)` only those answered 2xx),
 * `log` (ProxyLogEntry[]), `queries()` (Athena queries started through the proxy, with their fate),
 * `setFaults(rules, seed?)`, `setLatency(model)`, `setDdlRunningMs(ms)`, `resetStats()`, `stop()`.
 *
 * The parts: operations.ts (naming a call), latency.ts (the latency model), faults.ts (rules, which
 * calls they hit, the error answers), replies.ts (answers in each protocol's shape), upstream.ts
 * (forwarding to moto), call-log.ts (the log entry of a call), athena-state.ts (queries held
 * RUNNING, their fate), memory-queue.ts and memory-sqs.ts (the in-memory SQS), server.ts (startAwsProxy).
 */
export type { TrackedQuery } from './athena-state.js';
export type { ProxyLogEntry, ReceivedMessage } from './call-log.js';
export type { FaultKind, FaultRule } from './faults.js';
export { DEFAULT_LATENCY, latencyFor, type LatencyModel } from './latency.js';
export { identifyOperation, type RequestFacts } from './operations.js';
export { startAwsProxy, type AwsProxy, type ProxyOptions } from './server.js';

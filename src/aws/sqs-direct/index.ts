/**
 * The refresh's hot SQS calls (ReceiveMessage, DeleteMessageBatch) without the SDK's per-call
 * middleware, and the switch back to `SQSClient.send` (config `sqs_client`, env
 * STREAMALERT_SQS_CLIENT). Nothing else in the repository reaches into this folder.
 */
export { SqsDirect, type SqsCallOptions, type SqsClientMode } from './client.js';

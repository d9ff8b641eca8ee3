/**
 * Reading SQS's answers as the SDK's JSON protocol does: an error shaped like the SDK's (so its
 * retry classification and `awsError` read it the same), the clock-skew correction, and the MD5
 * of every received body checked against MD5OfBody.
 */
import type { ReceiveMessageResult, SQSClient } from '@aws-sdk/client-sqs';
import type { Http1Response } from './http1.js';
import { hexDigest } from './sha256.js';

/** The SDK's threshold for correcting the signing clock from a response's Date header. */
const CLOCK_SKEW_MS = 300_000;

export function serviceError(config: SQSClient['config'], response: Http1Response): Error {
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // not JSON: a proxy's or load balancer's page; the status says what it was
  }
  const type = String(data.__type ?? response.headers['x-amzn-errortype'] ?? '');
  const name = type.split('#').pop()!.split(':')[0] || 'UnknownError';
  const [queryCode, queryFault] = (response.headers['x-amzn-query-error'] ?? '').split(';');
  const message = String(data.message ?? data.Message ?? `HTTP ${response.statusCode}`);
  const metadata: Record<string, unknown> = { httpStatusCode: response.statusCode, requestId: response.headers['x-amzn-requestid'] };
  // A Date header far from our clock: sign with the server's time from now on, and retry.
  const serverTime = Date.parse(response.headers.date ?? '');
  if (serverTime && Math.abs(Date.now() + (config.systemClockOffset ?? 0) - serverTime) >= CLOCK_SKEW_MS) {
    config.systemClockOffset = serverTime - Date.now();
    metadata.clockSkewCorrected = true;
  }
  return Object.assign(new Error(message), {
    name,
    ...(queryCode ? { Code: queryCode, Type: queryFault } : {}),
    $fault: response.statusCode >= 500 ? 'server' : 'client',
    $metadata: metadata,
    $response: response,
  });
}

/** As the SDK's SQS client: a body whose MD5 differs from MD5OfBody fails the whole receive. */
export function checkBodies(config: { md5?: unknown }, output: ReceiveMessageResult): void {
  if (config.md5 === false || !output.Messages) return;
  const bad = output.Messages.filter((m) => hexDigest('md5', m.Body ?? '') !== m.MD5OfBody).map((m) => m.MessageId);
  if (bad.length) throw new Error(`Invalid MD5 checksum on messages: ${bad.join(', ')}`);
}

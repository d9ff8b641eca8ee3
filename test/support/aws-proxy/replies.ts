/** HTTP answers as the proxy holds them before sending, and AWS error answers in each protocol's shape. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

// The proxy reads and rewrites AWS JSON documents of many shapes; it checks what it uses.
export type JsonObject = Record<string, any>;

export function parseJson(body: Buffer | string): JsonObject | undefined {
  try {
    const value = JSON.parse(body.toString());
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function jsonReply(status: number, value: unknown, contentType: string, extra: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': randomUUID(), ...extra },
    body: Buffer.from(JSON.stringify(value)),
  };
}

export const isOk = (reply: Reply) => reply.status >= 200 && reply.status < 300;

/** The error answer a service gives, in its protocol's shape. */
export function errorReply(
  service: string,
  operation: string,
  status: number,
  code: string,
  message: string,
  extra: JsonObject = {},
): Reply {
  if (service === 'S3') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
    return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) };
  }
  if (service === 'SQS') {
    const type = `com.amazonaws.sqs#${code}`;
    const fault = status >= 500 ? 'Receiver' : 'Sender';
    return jsonReply(status, { __type: type, message }, 'application/x-amz-json-1.0', { 'x-amzn-query-error': `${code};${fault}` });
  }
  if (operation.includes(' ') || !['Athena', 'Glue', 'EventBridge', 'CloudWatchLogs'].includes(service)) {
    // Query protocol and REST services: an XML ErrorResponse is understood by query clients; REST
    // JSON clients read x-amzn-errortype.
    const xml = `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
    return { status, headers: { 'content-type': 'text/xml', 'x-amzn-errortype': code }, body: Buffer.from(xml) };
  }
  return jsonReply(status, { __type: code, Message: message, message, ...extra }, 'application/x-amz-json-1.1', {
    'x-amzn-errortype': code,
  });
}

/** The error code of an answer, whatever its protocol (for the log). */
export function errorCode(reply: Reply): string {
  const queryError = reply.headers['x-amzn-query-error'];
  const errorType = reply.headers['x-amzn-errortype'];
  const json = parseJson(reply.body);
  const xml = /<Code>([^<]+)<\/Code>/.exec(reply.body.toString());
  return String(
    (Array.isArray(queryError) ? queryError[0] : queryError)?.split(';')[0] ??
      json?.__type?.split('#').pop() ??
      (Array.isArray(errorType) ? errorType[0] : errorType)?.split(':')[0] ??
      xml?.[1] ??
      `HTTP${reply.status}`,
  );
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

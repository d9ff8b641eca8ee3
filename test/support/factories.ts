/** Realistic SQS message bodies as S3, SNS and EventBridge deliver them. */

/** Encodes a key the way S3 notifications do: form-URL-encoding, spaces as `+`. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '%2F');
}

export function s3Record(bucket: string, key: string, eventName = 'ObjectCreated:Put') {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '2026-11-28T09:00:00.000Z',
    eventName,
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'streamalert-athena',
      bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: { key: encodeKey(key), size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e' },
    },
  };
}

/** One S3 notification body with a record per object. */
export function s3Event(...objects: ([bucket: string, key: string] | [bucket: string, key: string, eventName: string])[]): string {
  return JSON.stringify({ Records: objects.map(([b, k, e]) => s3Record(b, k, e)) });
}

export function s3TestEvent(bucket: string): string {
  return JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: '2026-11-28T09:00:00.000Z',
    Bucket: bucket,
    RequestId: 'X',
    HostId: 'Y',
  });
}

export function snsEnvelope(message: string): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: '5f2c3b1e-0000-4000-8000-000000000000',
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:streamalert-s3',
    Subject: 'Amazon S3 Notification',
    Message: message,
    Timestamp: '2026-11-28T09:00:00.000Z',
  });
}

export function eventBridgeEvent(bucket: string, key: string, detailType = 'Object Created'): string {
  return JSON.stringify({
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-11-28T09:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key: encodeKey(key), size: 5 }, reason: 'PutObject' },
  });
}

/**
 * One S3 notification body with every field S3 sends (user identity, request ids, sequencer):
 * about 1 KB, the size a real batch carries.
 */
export function s3EventAsDelivered(bucket: string, key: string, n: number): string {
  const record = {
    ...s3Record(bucket, key),
    userIdentity: { principalId: 'AWS:AROAEXAMPLEROLEID:firehose' },
    requestParameters: { sourceIPAddress: '10.0.12.34' },
    responseElements: {
      'x-amz-request-id': `C3D13FE58DE4C${String(n).padStart(6, '0')}`,
      'x-amz-id-2': `FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD${n}`,
    },
  };
  record.s3.object = {
    ...record.s3.object,
    sequencer: `0066F6${n.toString(16).toUpperCase().padStart(10, '0')}`,
  } as typeof record.s3.object;
  return JSON.stringify({ Records: [record] });
}

/** A record of the event Lambda's SQS event-source mapping hands the function. */
export function sqsRecord(
  messageId: string,
  body: string,
  queueArn = 'arn:aws:sqs:us-east-1:123456789012:test_streamalert_athena_s3_notifications',
) {
  return {
    messageId,
    receiptHandle: `AQEB${Buffer.from(`${messageId}:receipt`).toString('base64')}${'x'.repeat(120)}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1795833600000',
      SenderId: 'AIDAEXAMPLESENDER',
      ApproximateFirstReceiveTimestamp: '1795833600100',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

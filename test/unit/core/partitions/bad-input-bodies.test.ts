/**
 * Bad message bodies: every shape a queue can hold that is not a clean S3 notification. Parsing
 * must never throw, must say precisely what was wrong, and must keep the good records of a
 * message apart from the bad ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNotification, type NotificationRecord, type ParsedMessage } from '../../../../src/core/partitions/notifications.js';
import { eventBridgeEvent, s3Event, s3Record, s3TestEvent, snsEnvelope } from '../../../support/factories.js';

const B = 'test-streamalerts';
const KEY = 'alerts/dt=2026-11-28-09/part-0001.json';

function rejected(parsed: ParsedMessage): string {
  assert.equal(parsed.ok, false, `expected a rejected message, got ${JSON.stringify(parsed).slice(0, 300)}`);
  return (parsed as { ok: false; reason: string }).reason;
}

function records(parsed: ParsedMessage): NotificationRecord[] {
  assert.equal(parsed.ok, true, `expected a parsed message, got ${JSON.stringify(parsed).slice(0, 300)}`);
  return (parsed as { ok: true; records: NotificationRecord[] }).records;
}

/** One record: the message is fine, the record says what was wrong. */
function recordReason(body: string): string {
  const [r, ...rest] = records(parseNotification(body));
  assert.equal(rest.length, 0);
  assert.equal(r!.kind, 'rejected', `expected a rejected record, got ${JSON.stringify(r)}`);
  return (r as { reason: string }).reason;
}

const withS3 = (patch: (r: Record<string, any>) => void) => {
  const r: Record<string, any> = structuredClone(s3Record(B, KEY));
  patch(r);
  return JSON.stringify({ Records: [r] });
};

describe('bodies that are not JSON', () => {
  const cases: [string, string][] = [
    ['plain text', 'hello world'],
    ['empty', ''],
    ['whitespace', '   \n '],
    ['truncated JSON', s3Event([B, KEY]).slice(0, 50)],
    ['single-quoted pseudo-JSON', "{'Records': []}"],
    ['XML', '<Event><Records/></Event>'],
    ['a byte-order mark before the JSON', `\uFEFF${s3Event([B, KEY])}`],
    ['deeply nested arrays (recursion limit)', '['.repeat(200_000)],
    ['NUL bytes', '\u0000\u0000{'],
  ];
  for (const [name, body] of cases) {
    it(name, () => {
      const reason = rejected(parseNotification(body));
      assert.match(reason, /^body is not JSON \(starts /);
      assert.ok(reason.length < 200, `reason is short: ${reason.length} chars`);
    });
  }
});

describe('JSON of another shape', () => {
  const notObject: [string, string][] = [
    ['array', '[1,2,3]'],
    ['number', '42'],
    ['string', '"Records"'],
    ['null', 'null'],
    ['boolean', 'true'],
  ];
  for (const [name, body] of notObject)
    it(`${name} → not an object`, () => assert.equal(rejected(parseNotification(body)), 'body is JSON but not an object'));

  const otherShapes: [string, string][] = [
    ['empty object', '{}'],
    ['unrelated object', '{"alert": "x", "severity": 3}'],
    ['Records is a string', '{"Records": "s3"}'],
    ['Records is an object', '{"Records": {"0": {}}}'],
    ['records (lower case)', JSON.stringify({ records: [s3Record(B, KEY)] })],
    ['__proto__ key holding Records', `{"__proto__": ${s3Event([B, KEY])}}`],
    ['Event other than the test event', '{"Event": "s3:SomethingElse"}'],
    ['SNS envelope whose Message is an object', JSON.stringify({ Type: 'Notification', Message: JSON.parse(s3Event([B, KEY])) })],
    [
      'SNS subscription confirmation',
      JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe', SubscribeURL: 'https://x' }),
    ],
    [
      'EventBridge event from another source',
      JSON.stringify({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} }),
    ],
    ['aws.s3 event without detail-type', JSON.stringify({ source: 'aws.s3', detail: { bucket: { name: B }, object: { key: KEY } } })],
  ];
  for (const [name, body] of otherShapes) {
    it(`${name} → not an S3 notification`, () => assert.match(rejected(parseNotification(body)), /^not an S3 event notification/));
  }

  it('an empty Records array is rejected, not silently done', () =>
    assert.equal(rejected(parseNotification('{"Records": []}')), 'Records is an empty array'));
});

describe('S3 records with fields missing or wrong', () => {
  const cases: [string, string, RegExp][] = [
    ['record is null', JSON.stringify({ Records: [null] }), /^Records\[0\] is not an object$/],
    ['record is a string', JSON.stringify({ Records: ['ObjectCreated:Put'] }), /^Records\[0\] is not an object$/],
    ['record is an array', JSON.stringify({ Records: [[]] }), /^Records\[0\] is not an object$/],
    ['eventName missing', withS3((r) => delete r.eventName), /^Records\[0\]\.eventName is missing$/],
    ['eventName a number', withS3((r) => (r.eventName = 1)), /^Records\[0\]\.eventName must be a string, not a number$/],
    ['eventName null', withS3((r) => (r.eventName = null)), /^Records\[0\]\.eventName is missing$/],
    ['eventName empty', withS3((r) => (r.eventName = '')), /^Records\[0\]\.eventName is empty$/],
    [
      'eventName an object',
      withS3((r) => (r.eventName = { name: 'ObjectCreated:Put' })),
      /^Records\[0\]\.eventName must be a string, not an object$/,
    ],
    ['eventSource not S3', withS3((r) => (r.eventSource = 'aws:sqs')), /^Records\[0\]\.eventSource is "aws:sqs", not aws:s3$/],
    ['s3 missing', withS3((r) => delete r.s3), /^Records\[0\]\.s3\.bucket\.name is missing$/],
    ['s3 is a string', withS3((r) => (r.s3 = 'x')), /^Records\[0\]\.s3\.bucket\.name is missing$/],
    ['bucket missing', withS3((r) => delete r.s3.bucket), /^Records\[0\]\.s3\.bucket\.name is missing$/],
    ['bucket name empty', withS3((r) => (r.s3.bucket.name = '')), /^Records\[0\]\.s3\.bucket\.name is empty$/],
    ['bucket name a number', withS3((r) => (r.s3.bucket.name = 7)), /^Records\[0\]\.s3\.bucket\.name must be a string, not a number$/],
    ['bucket name an array', withS3((r) => (r.s3.bucket.name = ['b'])), /^Records\[0\]\.s3\.bucket\.name must be a string, not an array$/],
    ['object missing', withS3((r) => delete r.s3.object), /^Records\[0\]\.s3\.object\.key is missing$/],
    ['key missing', withS3((r) => delete r.s3.object.key), /^Records\[0\]\.s3\.object\.key is missing$/],
    ['key empty', withS3((r) => (r.s3.object.key = '')), /^Records\[0\]\.s3\.object\.key is empty$/],
    ['key an array', withS3((r) => (r.s3.object.key = ['a'])), /^Records\[0\]\.s3\.object\.key must be a string, not an array$/],
    ['key a number', withS3((r) => (r.s3.object.key = 12345)), /^Records\[0\]\.s3\.object\.key must be a string, not a number$/],
    ['key an object', withS3((r) => (r.s3.object.key = { s: 'x' })), /^Records\[0\]\.s3\.object\.key must be a string, not an object$/],
    ['key a boolean', withS3((r) => (r.s3.object.key = true)), /^Records\[0\]\.s3\.object\.key must be a string, not a boolean$/],
    ['key null', withS3((r) => (r.s3.object.key = null)), /^Records\[0\]\.s3\.object\.key is missing$/],
    [
      'key with invalid percent-encoding',
      withS3((r) => (r.s3.object.key = 'alerts/dt=2026-11-28-09/%E0%A4%A')),
      /^Records\[0\]\.s3\.object\.key "alerts\/dt=2026-11-28-09\/%E0%A4%A" has invalid percent-encoding$/,
    ],
  ];
  for (const [name, body, reason] of cases) it(name, () => assert.match(recordReason(body), reason));

  it('a non-create event is ignored, not rejected, even with the object missing', () => {
    const body = withS3((r) => {
      r.eventName = 'ObjectRemoved:Delete';
      delete r.s3.object;
    });
    assert.deepEqual(records(parseNotification(body)), [{ kind: 'ignored', reason: 'not-a-create-event' }]);
  });

  it('names the index of the bad record among good ones, keeping the good ones', () => {
    const good = s3Record(B, KEY);
    const bad = { ...s3Record(B, KEY), eventName: undefined };
    const parsed = records(parseNotification(JSON.stringify({ Records: [good, good, bad, good] })));
    assert.deepEqual(
      parsed.map((r) => r.kind),
      ['object', 'object', 'rejected', 'object'],
    );
    assert.equal((parsed[2] as { reason: string }).reason, 'Records[2].eventName is missing');
  });
});

describe('event names: neither a create event nor another S3 event', () => {
  // The reviewer's cases and their neighbours: prefixes, case, wildcards, truncation, padding.
  const unknown = [
    's3:ObjectCreated:Put',
    'objectcreated:put',
    'OBJECTCREATED:PUT',
    'ObjectCreated:*',
    'ObjectCreated:',
    'ObjectCreated',
    'ObjectCreatedPut',
    'ObjectCreated:Put ',
    ' ObjectCreated:Put',
    'Object Created',
    'ObjectCreated:Putt',
    'ObjectRemoved:*',
    's3:ObjectRemoved:Delete',
    'TestEvent',
    '\u001b[31mObjectCreated:Put',
  ];
  for (const name of unknown) {
    it(`${JSON.stringify(name)} is kept with the reason, not ignored`, () => {
      const reason = recordReason(withS3((r) => (r.eventName = name)));
      assert.match(reason, /^Records\[0\]\.eventName ".*" is not an S3 event name/);
      assert.ok(reason.includes(JSON.stringify(name).replace(/\u001b/g, '\\u001b')), reason);
      assert.doesNotMatch(reason, /\u001b/, 'escaped');
    });
  }
  const creates = ['ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectCreated:Copy', 'ObjectCreated:CompleteMultipartUpload'];
  for (const name of creates)
    it(`${name} is a create event`, () => assert.equal(records(parseNotification(withS3((r) => (r.eventName = name))))[0]!.kind, 'object'));
  const others = [
    'ObjectRemoved:Delete',
    'ObjectRemoved:DeleteMarkerCreated',
    'ObjectRestore:Post',
    'ObjectRestore:Completed',
    'ObjectRestore:Delete',
    'ReducedRedundancyLostObject',
    'Replication:OperationFailedReplication',
    'LifecycleExpiration:Delete',
    'LifecycleExpiration:DeleteMarkerCreated',
    'LifecycleTransition',
    'IntelligentTiering',
    'ObjectTagging:Put',
    'ObjectTagging:Delete',
    'ObjectAcl:Put',
  ];
  for (const name of others)
    it(`${name} carries no work`, () =>
      assert.deepEqual(records(parseNotification(withS3((r) => (r.eventName = name)))), [
        { kind: 'ignored', reason: 'not-a-create-event' },
      ]));
});

describe('large bodies', () => {
  it('a 256 KB body of garbage gets a short reason', () => {
    const reason = rejected(parseNotification('x'.repeat(256 * 1024)));
    assert.ok(reason.length < 200);
  });

  it('a 256 KB S3 notification parses every record', () => {
    const objects: [string, string][] = [];
    let body = '';
    for (let i = 0; ; i++) {
      const next = s3Event(...objects, [B, `alerts/dt=2026-11-28-${String(i % 24).padStart(2, '0')}/part-${i}.json`]);
      if (Buffer.byteLength(next) > 256 * 1024) break;
      objects.push([B, `alerts/dt=2026-11-28-${String(i % 24).padStart(2, '0')}/part-${i}.json`]);
      body = next;
      if (i > 2_000) break;
    }
    assert.ok(Buffer.byteLength(body) > 250 * 1024, `body is ${Buffer.byteLength(body)} bytes`);
    const parsed = records(parseNotification(body));
    assert.equal(parsed.length, objects.length);
    assert.ok(parsed.every((r) => r.kind === 'object'));
  });

  it('a key of 256 KB with invalid encoding is reported with a truncated key', () => {
    const reason = recordReason(withS3((r) => (r.s3.object.key = `${'a'.repeat(256 * 1024)}%`)));
    assert.match(reason, /has invalid percent-encoding$/);
    assert.ok(reason.length < 300, `reason is ${reason.length} chars`);
  });

  it('a message with 1,000 records yields 1,000 records in order', () => {
    const objects = Array.from({ length: 1_000 }, (_, i) => [B, `alerts/dt=2026-11-28-09/part-${i}.json`] as [string, string]);
    const parsed = records(parseNotification(s3Event(...objects)));
    assert.equal(parsed.length, 1_000);
    parsed.forEach((r, i) => assert.deepEqual(r, { kind: 'object', object: { bucket: B, key: `alerts/dt=2026-11-28-09/part-${i}.json` } }));
  });

  it('1,000 records with one bad one in the middle: only that one is rejected', () => {
    const list: unknown[] = Array.from({ length: 1_000 }, (_, i) => s3Record(B, `alerts/dt=2026-11-28-09/part-${i}.json`));
    list[617] = { eventName: 'ObjectCreated:Put', eventSource: 'aws:s3', s3: { bucket: { name: B } } };
    const parsed = records(parseNotification(JSON.stringify({ Records: list })));
    assert.deepEqual(
      parsed.flatMap((r, i) => (r.kind === 'rejected' ? [[i, r.reason]] : [])),
      [[617, 'Records[617].s3.object.key is missing']],
    );
  });
});

describe('SNS envelopes', () => {
  it('around a valid notification', () => assert.equal(records(parseNotification(snsEnvelope(s3Event([B, KEY]))))[0]!.kind, 'object'));
  it('around the S3 test event', () =>
    assert.deepEqual(records(parseNotification(snsEnvelope(s3TestEvent(B)))), [{ kind: 'ignored', reason: 'test-event' }]));

  const cases: [string, string, RegExp][] = [
    ['around plain text', snsEnvelope('garbage'), /^SNS envelope: body is not JSON \(starts "garbage"\)$/],
    ['around an empty string', snsEnvelope(''), /^SNS envelope: body is not JSON/],
    ['around a JSON array', snsEnvelope('[]'), /^SNS envelope: body is JSON but not an object$/],
    ['around unrelated JSON', snsEnvelope('{"hello": "world"}'), /^SNS envelope: not an S3 event notification/],
    ['around an empty Records array', snsEnvelope('{"Records": []}'), /^SNS envelope: Records is an empty array$/],
    ['nested four deep', snsEnvelope(snsEnvelope(snsEnvelope(snsEnvelope(s3Event([B, KEY]))))), /SNS envelopes nested too deep/],
    ['around a 256 KB of garbage', snsEnvelope('y'.repeat(256 * 1024)), /^SNS envelope: body is not JSON/],
  ];
  for (const [name, body, reason] of cases) it(name, () => assert.match(rejected(parseNotification(body)), reason));

  it('nested three deep still parses', () => {
    assert.equal(records(parseNotification(snsEnvelope(snsEnvelope(snsEnvelope(s3Event([B, KEY]))))))[0]!.kind, 'object');
  });

  it('around a record with a missing key: the record is rejected with its index', () => {
    const inner = JSON.stringify({ Records: [s3Record(B, KEY), { ...s3Record(B, KEY), s3: { bucket: { name: B }, object: {} } }] });
    const parsed = records(parseNotification(snsEnvelope(inner)));
    assert.deepEqual(parsed[1], { kind: 'rejected', reason: 'Records[1].s3.object.key is missing' });
  });
});

describe('EventBridge events', () => {
  for (const type of [
    'Object Deleted',
    'Object Restore Completed',
    'Object Tags Added',
    'Object Storage Class Changed',
    'Object ACL Updated',
  ]) {
    it(`"${type}" is ignored`, () =>
      assert.deepEqual(records(parseNotification(eventBridgeEvent(B, KEY, type))), [{ kind: 'ignored', reason: 'not-a-create-event' }]));
  }
  it('"Object Created" without detail is rejected', () => {
    const body = JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created' });
    assert.deepEqual(records(parseNotification(body)), [{ kind: 'rejected', reason: 'EventBridge detail.bucket.name is missing' }]);
  });
  it('"Object Created" without a key is rejected', () => {
    const event = JSON.parse(eventBridgeEvent(B, KEY));
    delete event.detail.object.key;
    assert.deepEqual(records(parseNotification(JSON.stringify(event))), [
      { kind: 'rejected', reason: 'EventBridge detail.object.key is missing' },
    ]);
  });
  it('"Object Created" with invalid percent-encoding is rejected', () => {
    const event = JSON.parse(eventBridgeEvent(B, KEY));
    event.detail.object.key = 'alerts/%ZZ';
    assert.deepEqual(records(parseNotification(JSON.stringify(event))), [
      { kind: 'rejected', reason: 'EventBridge detail.object.key "alerts/%ZZ" has invalid percent-encoding' },
    ]);
  });
  it('"Object Created" with a key that is a number says it must be a string', () => {
    const event = JSON.parse(eventBridgeEvent(B, KEY));
    event.detail.object.key = 42;
    assert.deepEqual(records(parseNotification(JSON.stringify(event))), [
      { kind: 'rejected', reason: 'EventBridge detail.object.key must be a string, not a number' },
    ]);
  });
  // Not a type S3 sends: kept with the reason, not taken for "no work" and deleted.
  for (const type of ['Object created', 'ObjectCreated', 'Object Created ', 'Object Modified', '']) {
    it(`detail-type ${JSON.stringify(type)} is rejected, not ignored`, () => {
      const [r] = records(parseNotification(eventBridgeEvent(B, KEY, type)));
      assert.equal(r!.kind, 'rejected');
      assert.match((r as { reason: string }).reason, /^EventBridge detail-type ".*" is not an S3 event type$/);
    });
  }
});

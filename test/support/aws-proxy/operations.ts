/**
 * Naming a request's AWS operation, `Service.Operation`: the service from the SigV4 credential
 * scope (or the X-Amz-Target prefix), the operation from X-Amz-Target (JSON protocols), `Action=`
 * (query protocol), `/service/X/operation/Op` (RPC v2) or the method and path (S3 and other REST APIs).
 */

/** SigV4 signing names → the service part of an operation's name. */
const SIGNING_NAMES: Record<string, string> = {
  sqs: 'SQS',
  athena: 'Athena',
  glue: 'Glue',
  s3: 'S3',
  lambda: 'Lambda',
  monitoring: 'CloudWatch',
  events: 'EventBridge',
  iam: 'IAM',
  sts: 'STS',
  logs: 'CloudWatchLogs',
  sns: 'SNS',
};

/** X-Amz-Target prefixes, for a request without a credential scope. */
const TARGET_PREFIXES: Record<string, string> = {
  AmazonSQS: 'SQS',
  AmazonAthena: 'Athena',
  AWSGlue: 'Glue',
  AWSEvents: 'EventBridge',
  GraniteServiceVersion20100801: 'CloudWatch',
  Logs_20140328: 'CloudWatchLogs',
};

export interface RequestFacts {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Names the AWS operation of a request: `Service.Operation`. */
export function identifyOperation(request: RequestFacts): string {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(header('authorization') ?? '');
  const target = header('x-amz-target');
  let service = scope ? (SIGNING_NAMES[scope[1]!] ?? scope[1]!) : undefined;
  if (target) {
    const [prefix, operation] = target.split('.');
    return `${service ?? TARGET_PREFIXES[prefix!] ?? prefix}.${operation}`;
  }
  const [pathname = '/', search = ''] = request.path.split('?');
  const rpc = /^\/service\/([^/]+)\/operation\/([^/]+)/.exec(pathname);
  if (rpc) return `${service ?? TARGET_PREFIXES[rpc[1]!] ?? rpc[1]}.${rpc[2]}`;
  const contentType = header('content-type') ?? '';
  if (request.method === 'POST' && contentType.includes('x-www-form-urlencoded')) {
    const action = new URLSearchParams(request.body).get('Action');
    if (action) return `${service ?? 'Unknown'}.${action}`;
  }
  const action = new URLSearchParams(search).get('Action');
  if (action) return `${service ?? 'Unknown'}.${action}`;
  service ??= 'S3';
  if (service === 'S3') return `S3.${s3Operation(request.method, pathname, new URLSearchParams(search), header('x-amz-copy-source'))}`;
  // Other REST APIs: the method and the path, ids folded so calls on different resources count together.
  return `${service}.${request.method} ${pathname.replace(/\/[^/]*[0-9a-f]{8,}[^/]*/g, '/{id}')}`;
}

const S3_SUBRESOURCES: Record<string, string> = {
  notification: 'BucketNotificationConfiguration',
  policy: 'BucketPolicy',
  versioning: 'BucketVersioning',
  tagging: 'BucketTagging',
  lifecycle: 'BucketLifecycleConfiguration',
  acl: 'BucketAcl',
  encryption: 'BucketEncryption',
  location: 'BucketLocation',
  cors: 'BucketCors',
  publicAccessBlock: 'PublicAccessBlock',
};

function s3Operation(method: string, pathname: string, query: URLSearchParams, copySource: string | undefined): string {
  const parts = pathname.split('/').filter(Boolean);
  const verb = method === 'GET' ? 'Get' : method === 'PUT' ? 'Put' : method === 'DELETE' ? 'Delete' : method === 'HEAD' ? 'Head' : 'Post';
  if (!parts.length) return 'ListBuckets';
  if (parts.length === 1) {
    if (query.has('delete') && method === 'POST') return 'DeleteObjects';
    for (const [subresource, name] of Object.entries(S3_SUBRESOURCES)) if (query.has(subresource)) return `${verb}${name}`;
    if (method === 'GET')
      return query.get('list-type') === '2' ? 'ListObjectsV2' : query.has('uploads') ? 'ListMultipartUploads' : 'ListObjects';
    return { Put: 'CreateBucket', Delete: 'DeleteBucket', Head: 'HeadBucket', Get: 'ListObjects', Post: 'PostBucket' }[verb]!;
  }
  if (query.has('uploads') && method === 'POST') return 'CreateMultipartUpload';
  if (query.has('uploadId'))
    return { Put: 'UploadPart', Post: 'CompleteMultipartUpload', Delete: 'AbortMultipartUpload', Get: 'ListParts', Head: 'HeadObject' }[
      verb
    ]!;
  if (query.has('tagging')) return `${verb}ObjectTagging`;
  if (method === 'PUT' && copySource) return 'CopyObject';
  return `${verb}Object`;
}

/** `SQS.ReceiveMessage` → `SQS`. */
export const serviceOf = (operation: string) => operation.split('.')[0]!;

/** `SQS.ReceiveMessage` → `SQS.*`. */
export const servicePattern = (operation: string) => `${serviceOf(operation)}.*`;

/** Whether a latency or fault pattern (an exact name, `Service.*`, or `*`) covers an operation. */
export function matchesOperation(pattern: string, operation: string): boolean {
  return pattern === '*' || pattern === operation || (pattern.endsWith('.*') && operation.startsWith(pattern.slice(0, -1)));
}

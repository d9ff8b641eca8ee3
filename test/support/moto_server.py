"""moto's server with SQS made thread-safe, for the tests and the demo.

moto serves each request on its own thread, and its SQS queue is not guarded: two concurrent
DeleteMessageBatch calls each rebuild the message list from the same snapshot, so one call's
deletions can come back to life, and two concurrent ReceiveMessage calls can hand out the same
message. Real SQS does neither (it may redeliver, but never undoes a delete). Holding the queue's
own message lock around receive and delete removes both races; long polling still works, since
waiting on the lock's condition releases it.

It also answers POST /_test/sqs/release-in-flight: every in-flight message of every queue is
visible again at once, as if its visibility timeout had run out. Tests use it instead of sleeping
past a short visibility timeout, which a slow run on a busy machine could outlast.

Its S3 GetBucketNotificationConfiguration also leaves out a bucket's EventBridgeConfiguration,
which AWS returns (as an empty element); the answer gets it back, so a read-merge-write of the
configuration can be checked to keep it.

Its KMS keys behind the reserved aliases (alias/aws/sqs among them, made on first use as AWS
does) say KeyManager AWS, as AWS managed keys do (moto says CUSTOMER and knows no alias/aws/sqs).
Its SQS also stamps a message it moves to a dead-letter queue with DeadLetterQueueSourceArn (the
ARN of the queue it came from), as SQS does, and ReceiveMessage returns it when asked for it
(MessageSystemAttributeNames or AttributeNames: All or DeadLetterQueueSourceArn): moto 5.2 does
neither. A message sent to the dead-letter queue directly carries none, as on AWS.

With IAM enforcement switched on (POST /moto-api/reset-auth, test/integration/iam-enforcement.test.ts),
two more fixes. moto checks a request's signature against its path and query as it decoded them,
while the SDK signs them encoded: an S3 key or a query value with `=` or `/` in it failed with
SignatureDoesNotMatch; the signature is checked against the encoded form again. And moto denies
in XML whatever the protocol: a client of a JSON protocol (SQS, Glue, Athena, Lambda, ...) could
not read the answer; it gets the JSON error such a service sends (AccessDeniedException).

Usage: python3 moto_server.py -H 127.0.0.1 -p PORT   (the same arguments as `python3 -m moto.server`)
"""
import functools
import sys

import json
from urllib.parse import quote, unquote, urlsplit

import moto.server
from moto.core import authorization
from moto.core.exceptions import JsonRESTError
from moto.iam import access_control
from werkzeug.exceptions import HTTPException
from moto.kms import models as kms_models
from moto.kms import utils as kms_utils
from moto.s3 import responses as s3_responses
from moto.sqs import models
from moto.sqs import responses as sqs_responses


def _locked_delete(original):
    @functools.wraps(original)
    def delete_message(self, receipt_handle):
        with self._messages_lock:
            return original(self, receipt_handle)

    return delete_message


def _locked_receive(original):
    @functools.wraps(original)
    def receive_message(self, queue_name, *args, **kwargs):
        queue = self.get_queue(queue_name)
        with queue._messages_lock:
            return original(self, queue_name, *args, **kwargs)

    return receive_message


DLQ_SOURCE = "DeadLetterQueueSourceArn"


def _stamping_dead_letters(original):
    """moto moves a message that was received maxReceiveCount times inside receive_message."""

    @functools.wraps(original)
    def receive_message(self, queue_name, *args, **kwargs):
        queue = self.get_queue(queue_name)
        before = {id(m) for m in queue._messages}
        result = original(self, queue_name, *args, **kwargs)
        dlq = queue.dead_letter_queue
        if dlq is not None:
            for message in list(dlq._messages):
                if id(message) in before and DLQ_SOURCE not in message.system_attributes:
                    message.system_attributes[DLQ_SOURCE] = queue.queue_arn
        return result

    return receive_message


def _returning_dlq_source(original):
    @functools.wraps(original)
    def receive_message(self):
        result = original(self)
        names = set(self._get_param("AttributeNames", []) or []) | set(self._get_param("MessageSystemAttributeNames", []) or [])
        if not ({"All", DLQ_SOURCE} & names):
            return result
        messages = (result.result or {}).get("Messages", []) if isinstance(result.result, dict) else []
        if not messages:
            return result
        queue = self.sqs_backend.get_queue(self._get_queue_name())
        sources = {m.id: m.system_attributes.get(DLQ_SOURCE) for m in queue._messages}
        for msg in messages:
            source = sources.get(msg["MessageId"])
            if source:
                msg.setdefault("Attributes", {})[DLQ_SOURCE] = source
        return result

    return receive_message


def _with_event_bridge(original):
    @functools.wraps(original)
    def get_bucket_notification(self):
        status, headers, body = original(self)
        config = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if config is not None and config.event_bridge is not None and status == 200:
            text = body.decode() if isinstance(body, bytes) else body
            if "<NotificationConfiguration" not in text or text.rstrip().endswith("/>"):
                text = '<?xml version="1.0" encoding="UTF-8"?><NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>'
            text = text.replace("</NotificationConfiguration>", "<EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>")
            body = text.encode() if isinstance(body, bytes) else text
        return status, headers, body

    return get_bucket_notification


def _aws_managed_default_keys(original):
    # AWS makes the key behind a reserved alias (alias/aws/sqs, ...) on first use and manages it
    # itself (DescribeKey: KeyManager AWS); moto makes it too, but says CUSTOMER.
    @functools.wraps(original)
    def generate(self, alias_name):
        key_id = original(self, alias_name)
        if key_id is not None and key_id in self.keys:
            self.keys[key_id].key_manager = "AWS"
        return key_id

    return generate


kms_models.KmsBackend._generate_default_keys = _aws_managed_default_keys(kms_models.KmsBackend._generate_default_keys)
# moto's list of reserved aliases lacks SQS's (the list object is shared by name, so extend it in place).
if "alias/aws/sqs" not in kms_utils.RESERVED_ALIASES:
    kms_utils.RESERVED_ALIASES.append("alias/aws/sqs")
models.Queue.delete_message = _locked_delete(models.Queue.delete_message)
models.SQSBackend.receive_message = _locked_receive(_stamping_dead_letters(models.SQSBackend.receive_message))
sqs_responses.SQSResponse.receive_message = _returning_dlq_source(sqs_responses.SQSResponse.receive_message)
s3_responses.S3Response.get_bucket_notification = _with_event_bridge(s3_responses.S3Response.get_bucket_notification)


def _encoded_for_signing(original):
    """The request whose signature moto computes, with the path (S3's) and query encoded as signed."""

    @functools.wraps(original)
    def create_aws_request(self):
        parts = urlsplit(self._path)
        path = parts.path
        if isinstance(self, access_control.S3IAMRequest):
            # S3's signer uses the path as it is (other services' signers encode it themselves).
            path = quote(unquote(path), safe="/~")
        if parts.query:
            pairs = [pair.partition("=") for pair in parts.query.split("&")]
            query = "&".join(f"{quote(unquote(k), safe='-_.~')}={quote(unquote(v), safe='-_.~')}" for k, _, v in pairs)
            path = f"{path}?{query}"
        saved, self._path = self._path, path
        try:
            return original(self)
        finally:
            self._path = saved

    return create_aws_request


# Services whose clients speak a JSON protocol even without a JSON body (Lambda's GETs).
JSON_SERVICES = {"awslambda"}


def _denied_in_protocol(original):
    @functools.wraps(original)
    def authenticate_and_authorize(self, iam_request_cls, resource="*"):
        try:
            return original(self, iam_request_cls, resource)
        except HTTPException as error:
            content_type = self.headers.get("Content-Type") or ""
            speaks_json = "json" in content_type or getattr(self, "service_name", None) in JSON_SERVICES
            if iam_request_cls is not access_control.IAMRequest or not speaks_json or not hasattr(error, "error_type"):
                raise
            code = "AccessDeniedException" if error.error_type == "AccessDenied" else error.error_type
            json_error = JsonRESTError(code, error.message)
            json_error.code = error.code
            raise json_error from error

    return authenticate_and_authorize


access_control.IAMRequestBase._create_aws_request = _encoded_for_signing(access_control.IAMRequestBase._create_aws_request)
authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action = _denied_in_protocol(
    authorization.ActionAuthenticatorMixin._authenticate_and_authorize_action
)

RELEASE_PATH = "/_test/sqs/release-in-flight"


def release_in_flight():
    released = 0
    for account in models.sqs_backends.values():
        for backend in account.values():
            for queue in backend.queues.values():
                with queue._messages_lock:
                    for message in queue._messages:
                        if not message.visible:
                            message.visible_at = 0
                            released += 1
    return released


class TestRoutes:
    """WSGI middleware: the test-only routes, then moto's application."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == RELEASE_PATH and environ.get("REQUEST_METHOD") == "POST":
            body = json.dumps({"released": release_in_flight()}).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        return self.app(environ, start_response)


_dispatcher = moto.server.DomainDispatcherApplication
moto.server.DomainDispatcherApplication = lambda *args, **kwargs: TestRoutes(_dispatcher(*args, **kwargs))

if __name__ == "__main__":
    sys.exit(moto.server.main(sys.argv[1:]))

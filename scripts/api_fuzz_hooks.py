"""Schemathesis hooks for scripts/api-fuzz: inbound e-mail's body is a raw
message (message/rfc822), and a customers' import a CSV file (text/csv),
which schemathesis does not know how to send."""

import schemathesis


@schemathesis.serializer("message/rfc822")
def raw_email(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


@schemathesis.serializer("text/csv")
def csv_file(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")

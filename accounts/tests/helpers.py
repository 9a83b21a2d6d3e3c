"""Small test helpers other apps' tests may reuse (e.g. a browser test that signs up first)."""

import re

from django.core.mail import EmailMessage

# The token pattern excludes the fixed "kirim-ulang" page that shares the prefix.
VERIFICATION_PATH = re.compile(r"/accounts/verifikasi/(?!kirim-ulang/)[^/\s\"'<>]+/")


def verification_path(outbox: list[EmailMessage], to: str | None = None) -> str:
    """The path of the verification link in the newest mail (to `to`, when given) in `outbox`."""
    for message in reversed(outbox):
        if to is not None and to not in message.to:
            continue
        match = VERIFICATION_PATH.search(message.body)
        if match:
            return match.group(0)
    raise AssertionError(f"no verification link in {len(outbox)} mail(s) to {to or 'anyone'}")

"""Where uploads and issued documents are stored: private folders, random names; and the rule that
a file is kept only together with the row that names it."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import PurePosixPath

_written: ContextVar[list | None] = ContextVar("files_written_in_block", default=None)


def private_name(folder: str, filename: str) -> str:
    """`private/<folder>/<random hex><suffix>`: a stored path never reveals whose file it is, and
    the person's own file name is kept (if at all) only in the row that owns the file."""
    suffix = PurePosixPath(filename).suffix.lower()[:6] or ".bin"
    return f"private/{folder}/{uuid.uuid4().hex}{suffix}"


def s3_storage(bucket_name: str, *, endpoint_url: str | None = None, region_name: str | None = None) -> dict:
    """The STORAGES entry for media in an S3-compatible bucket. Objects are private (no grant beyond
    the owner) and leave only through the permission-checked views, which stream them; nothing
    builds a bucket URL, and a presigned one, should anything ask, lives one minute. Credentials
    come from boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, a role)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "default_acl": "private",
            "querystring_expire": 60,
            "client_config": Config(connect_timeout=3, read_timeout=20, retries={"max_attempts": 3}),
        },
    }


@contextmanager
def discard_files_on_error():
    """Files stored with `store()` inside the block are deleted again when the block raises: the
    transaction that would have recorded them rolls back, so no file stays on disk without its row.
    Nested blocks hand their files to the enclosing one."""
    outer = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)


def store(field_file, name: str, content) -> None:
    """Save `content` into a FileField of an unsaved row (the caller saves the row)."""
    field_file.save(name, content, save=False)
    written = _written.get()
    if written is not None:
        written.append((field_file.storage, field_file.name))

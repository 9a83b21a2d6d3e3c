"""Where uploads and issued documents are stored: private folders, random names."""

import uuid
from pathlib import PurePosixPath


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

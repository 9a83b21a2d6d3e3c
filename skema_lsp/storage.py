"""Where uploads and issued documents are stored: private folders, random names."""

import uuid
from pathlib import PurePosixPath


def private_name(folder: str, filename: str) -> str:
    """`private/<folder>/<random hex><suffix>`: a stored path never reveals whose file it is, and
    the person's own file name is kept (if at all) only in the row that owns the file."""
    suffix = PurePosixPath(filename).suffix.lower()[:6] or ".bin"
    return f"private/{folder}/{uuid.uuid4().hex}{suffix}"

"""Backups: the database as a pg_dump archive, every stored file (local disk or the media bucket)
with its checksum, and what each stage app needs to prove the restored copy still works
(`<app>/backup.py`: `manifest() -> dict` when backing up, `verify(manifest) -> list[str]` of
problems after a restore)."""

import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

from skema_lsp.stages import stage_modules

DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg(command: str, *args: str) -> None:
    """Run a PostgreSQL client tool against the configured database (its password via the environment)."""
    db = settings.DATABASES["default"]
    target = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"], "-d", db["NAME"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run([command, *target, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command} gagal: {result.stderr.strip()[-2000:]}")


def stored_files(folder: str = "") -> Iterator[str]:
    """Every name in the media storage, whichever backend holds it."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # local media folder not created yet: nothing was ever stored
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(f"{folder}/{sub}" if folder else sub)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def back_up(target: Path) -> dict:
    """Write the backup into the empty folder `target`; returns its manifest."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"Folder cadangan {target} tidak kosong.")
    manifest = {"stages": {m.__name__.split(".")[0]: m.manifest() for m in stage_modules("backup")}}
    _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target / DUMP))
    checksums = {}
    for name in stored_files():
        path = target / MEDIA / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, path.open("wb") as copy:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                copy.write(chunk)
        with path.open("rb") as copy:
            checksums[name] = _sha256(copy)
    manifest["media"] = checksums
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> tuple[dict, list[str]]:
    """Restore `source` into the configured database, which must be empty, and the configured media
    storage; then check it. Returns the backup's manifest and the problems found (none: the copy works)."""
    manifest = json.loads((source / MANIFEST).read_text())
    if connection.introspection.table_names():
        raise BackupError(f"Basis data {settings.DATABASES['default']['NAME']} tidak kosong: pulihkan ke basis "
                          "data baru.")
    _pg("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", str(source / DUMP))
    problems = []
    for name, checksum in manifest["media"].items():
        path = source / MEDIA / name
        if not path.is_file():
            problems.append(f"berkas {name} tidak ada di cadangan")
            continue
        if not default_storage.exists(name):
            with path.open("rb") as handle:
                stored = default_storage.save(name, File(handle, name=name))
            if stored != name:
                problems.append(f"berkas {name} tersimpan sebagai {stored}")
                continue
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle) != checksum:
                problems.append(f"berkas {name} berbeda dari saat dicadangkan")
    for module in stage_modules("backup"):
        problems += module.verify(manifest["stages"][module.__name__.split(".")[0]])
    return manifest, problems

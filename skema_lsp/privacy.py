"""Personal data export for the data subject (UU PDP): each app lists what it holds about a user in
its optional `privacy.py` — `export(user) -> dict` and `files(user) -> list[tuple[str, FieldFile]]`."""

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from skema_lsp.stages import stage_modules


def export_zip(user) -> bytes:
    data: dict = {"dibuat_pada": timezone.now(), "pengguna": user.username}
    attachments: list[tuple[str, object]] = []
    for module in stage_modules("privacy"):
        app = module.__name__.split(".")[0]
        data[app] = module.export(user)
        if hasattr(module, "files"):
            attachments.extend((f"{app}/{name}", field) for name, field in module.files(user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for name, field in attachments:
            safe = PurePosixPath("berkas") / PurePosixPath(name.replace("..", "_"))
            try:
                with field.open("rb") as handle:
                    archive.writestr(str(safe), handle.read())
            except FileNotFoundError:
                continue  # a file missing from storage is listed in data.json but cannot be included
    return buffer.getvalue()


def fields(obj, *, exclude: tuple[str, ...] = ()) -> dict:
    """One row as {field name: value} for an app's export(): choices by their label, relations by
    their text; file fields are left out (their content goes into the ZIP through files())."""
    from django.db import models

    row: dict = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or isinstance(field, models.FileField):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            row[field.name] = str(related) if related is not None else None
        elif field.choices:
            row[field.name] = getattr(obj, f"get_{field.name}_display")()
        else:
            row[field.name] = getattr(obj, field.attname)
    return row

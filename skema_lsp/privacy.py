"""Personal data export for the data subject (UU PDP): each app lists what it holds about a user in
its optional `privacy.py` — `export(user) -> dict`, `files(user) -> list[tuple[str, FieldFile]]` and
`audited(user) -> list[QuerySet]` (the rows about the person whose audit entries make up the
processing log: who accessed or changed their data, when and why)."""

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
    data["catatan_pemrosesan"] = processing_log(user)
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


# Details that say why or what (a purpose, a document code, a reason); notes written about a person by
# staff or assessors stay where their own stage shows them.
LOG_DETAILS = {"document", "purpose", "text_version", "reason", "kind", "on_time", "consent_version"}


def processing_log(user) -> list[dict]:
    """Every audit entry about the person or a row about them, oldest first: when, who (and in which
    role), what was done and why (the action's label and its recorded details). File access records
    (KTP scans, photos, assessment evidence) are audit entries too, so they are in it."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from skema_lsp.audit import label
    from skema_lsp.models import AuditEntry

    query = Q(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk))
    for module in stage_modules("privacy"):
        for queryset in getattr(module, "audited", lambda _: [])(user):
            ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
            if ids:
                query |= Q(content_type=ContentType.objects.get_for_model(queryset.model), object_id__in=ids)
    entries = AuditEntry.objects.filter(query).select_related("actor", "content_type").order_by("created_at", "pk")
    roles = _roles({e.actor_id for e in entries if e.actor_id})
    return [
        {
            "waktu": timezone.localtime(entry.created_at),
            "oleh": "Anda sendiri" if entry.actor_id == user.pk else (
                entry.actor.display_name if entry.actor else "sistem (proses otomatis)"),
            "peran": ", ".join(roles.get(entry.actor_id, [])) if entry.actor_id else "",
            "aksi": label(entry.action),
            "kode_aksi": entry.action,
            "data": f"{entry.content_type.model_class()._meta.verbose_name} #{entry.object_id}",
            "dari": entry.from_state,
            "ke": entry.to_state,
            "rincian": {k: v for k, v in entry.details.items() if k in LOG_DETAILS},
        }
        for entry in entries
    ]


def _roles(user_ids: set[int]) -> dict[int, list[str]]:
    from accounts.models import User

    roles: dict[int, list[str]] = {}
    for user_id, name in User.groups.through.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "group__name"):
        roles.setdefault(user_id, []).append(name)
    return roles


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

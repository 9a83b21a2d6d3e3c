"""Issued documents as stored snapshots: a record's PDF is rendered once, after the record commits,
stored in a file field of the row, and served from that file ever after, so a later change to live
data (a scheme, a KUK's text, a person's name) never alters what was issued. A row whose render
never ran (the broker was down, or it was recorded before its document was stored) gets its file on
the first download. Used by every stage whose documents catch up this way (assessment's FR.AK.02 /
FR.AK.05, exams' FR.IA.01/03/11 sheets and FR.IA.07)."""

from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import models, transaction

from skema_lsp import audit


def stored_pdf(obj: models.Model, field: str, *, render: Callable[[models.Model], bytes], action: str,
               refuse: Callable[[models.Model], None] | None = None) -> bytes:
    """The stored file of `obj.<field>`, rendered with `render(row)` and stored first when the row has
    none. `refuse(row)` raises the stage's error when the row may not (or no longer) carry the
    document; it is asked before rendering and again under the row lock. The render runs outside the
    lock (it is slow); a concurrent render that stored first wins and this one is dropped. The first
    store writes an audit row `action` with the field's name as `document`."""
    model = type(obj)
    current = model.objects.get(pk=obj.pk)
    if not getattr(current, field):
        if refuse is not None:
            refuse(current)
        pdf = render(current)
        with transaction.atomic():
            current = model.objects.select_for_update().get(pk=obj.pk)
            stored = getattr(current, field)
            if not stored:
                if refuse is not None:
                    refuse(current)
                stored.save(f"{field}.pdf", ContentFile(pdf), save=False)
                current.save(update_fields=[field, *_touched(current)])
                audit.record(obj=current, action=action, by=None, document=field)
    with getattr(current, field).open("rb") as handle:
        return handle.read()


def withdraw(locked: models.Model, fields: Iterable[str]) -> None:
    """Documents of a record that no longer stands (a reopened submission): the row stops naming them
    and the files go once the caller's transaction commits. The caller saves the row."""
    for field in fields:
        stored = getattr(locked, field)
        if stored:
            storage, name = stored.storage, stored.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
            setattr(locked, field, "")


def _touched(row: models.Model) -> list[str]:
    return ["updated_at"] if any(f.name == "updated_at" for f in row._meta.concrete_fields) else []

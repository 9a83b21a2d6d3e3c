"""Re-encrypt every encrypted file with the newest key of MEDIA_ENCRYPTION_KEYS (the first one), and
encrypt any file stored before encryption was switched on. Run after putting a new key first; then
remove the old key from the environment (README, "Key rotation")."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models

from skema_lsp.crypto import EncryptedStorage, rotate


def encrypted_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedStorage)
    ]


class Command(BaseCommand):
    help = "Enkripsi ulang semua berkas terenkripsi dengan kunci terbaru MEDIA_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        done = missing = 0
        for model, field in encrypted_fields():
            names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in names.iterator():
                storage = field.storage
                if not storage.exists(name):
                    missing += 1
                    continue
                storage.write_raw(name, rotate(storage.read_raw(name)))
                done += 1
        self.stdout.write(f"{done} berkas dienkripsi ulang dengan kunci terbaru; {missing} tidak ditemukan.")

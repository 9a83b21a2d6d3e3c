from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skema_lsp.backup import BackupError, back_up


class Command(BaseCommand):
    help = ("Mencadangkan basis data (pg_dump) dan semua berkas (disk lokal atau bucket media) ke sebuah folder "
            "kosong, beserta manifes untuk memeriksa hasil pemulihan.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = back_up(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        certificates = len(manifest["stages"]["decisions"]["certificates"])
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan di {folder}: basis data, {len(manifest['media'])} berkas, {certificates} sertifikat."
        ))

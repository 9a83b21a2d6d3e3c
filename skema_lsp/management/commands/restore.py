from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skema_lsp.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Memulihkan cadangan `manage.py backup` ke basis data kosong (DATABASE_URL) dan penyimpanan berkas "
            "yang dikonfigurasi, lalu memeriksa bahwa setiap berkas utuh dan setiap sertifikat masih terverifikasi.")

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest, problems = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for problem in problems:
            self.stderr.write(f"MASALAH: {problem}")
        if problems:
            raise CommandError(f"Pemulihan selesai dengan {len(problems)} masalah.")
        certificates = len(manifest["stages"]["decisions"]["certificates"])
        self.stdout.write(self.style.SUCCESS(
            f"Pemulihan selesai: {len(manifest['media'])} berkas utuh, {certificates} sertifikat terverifikasi."
        ))

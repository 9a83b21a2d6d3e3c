"""Import elements and KUK (kriteria unjuk kerja) for a scheme's units from a CSV file.

Columns: unit_code, element_no, element, kuk_no, kuk. Running it twice changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from schemes.models import Scheme
from schemes.services import KukImportError, import_elements, read_kuk_csv


class Command(BaseCommand):
    help = "Impor elemen dan KUK unit kompetensi dari berkas CSV (unit_code, element_no, element, kuk_no, kuk)."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", help="Berkas CSV (UTF-8).")
        parser.add_argument("--scheme", help="Kode skema; wajib bila kode unit dipakai di lebih dari satu skema.")
        parser.add_argument(
            "--example", action="store_true", help="Tandai elemen sebagai contoh ilustratif (bukan teks resmi SKKNI)."
        )

    def handle(self, *args, csv_path, scheme=None, example=False, **options):
        scheme_obj = None
        if scheme:
            scheme_obj = Scheme.objects.filter(code=scheme).first()
            if scheme_obj is None:
                raise CommandError(f"Skema dengan kode {scheme!r} tidak ditemukan.")
        try:
            result = import_elements(rows=read_kuk_csv(csv_path), scheme=scheme_obj, is_example=example)
        except FileNotFoundError:
            raise CommandError(f"Berkas tidak ditemukan: {csv_path}") from None
        except KukImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Elemen: {result.elements_created} baru, {result.elements_updated} diperbarui; "
            f"KUK: {result.criteria_created} baru, {result.criteria_updated} diperbarui."
        )

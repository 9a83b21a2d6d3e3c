"""Demo data for the scheme catalogue: the seed's scheme, illustrative elements/KUK, and TUKs.
Called by `seed_demo` (through skema_lsp.stages) and idempotent like every `seed(users)`."""

from datetime import date
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from schemes.models import TUK, Scheme, SchemeVersion
from schemes.services import verify_tuk

RENBANG_CODE = "mengelola-pelaksanaan-rencana-pembangunan"
RENBANG_FIXTURE = settings.BASE_DIR / "fixtures" / "skema_renbang.json"
EXAMPLE_KUK_CSV = settings.BASE_DIR / "fixtures" / "contoh_elemen_kuk.csv"

DEMO_TUKS = [
    # name, kind, address, contact, verified (the last one is waiting for the LSP's verification, 9.3.2)
    ("TUK Sewaktu Sekretariat LSP Renbang", TUK.Kind.SEWAKTU,
     "Jl. Proklamasi No. 10, Menteng, Jakarta Pusat 10320", "021-3190 0000", True),
    ("TUK Tempat Kerja Bappeda Kota Bandung", TUK.Kind.TEMPAT_KERJA,
     "Jl. Wastukencana No. 2, Babakan Ciamis, Bandung 40117", "022-420 0000", True),
    ("TUK Mandiri Politeknik Perencanaan Yogyakarta", TUK.Kind.MANDIRI,
     "Jl. Kaliurang Km 5, Caturtunggal, Sleman, DI Yogyakarta 55281", "0274-550 000", False),
]


def load_scheme() -> Scheme:
    """Load the seed's scheme when it is missing (loading it again would overwrite staff edits)."""
    scheme = Scheme.objects.filter(code=RENBANG_CODE).first()
    if scheme is None:
        call_command("loaddata", str(RENBANG_FIXTURE), verbosity=0)
        scheme = Scheme.objects.get(code=RENBANG_CODE)
    # Its history starts with the version in force, as the version page lists it.
    SchemeVersion.objects.get_or_create(scheme=scheme, number=scheme.version, defaults={
        "effective_on": scheme.approved_on, "note": "Versi awal sesuai dokumen skema yang disahkan."})
    return scheme


def load_example_kuk(scheme: Scheme) -> None:
    # Official KUK entered by staff take precedence: only add examples to units still without elements.
    if scheme.units.filter(elements__isnull=False).exists():
        return
    call_command("import_kuk", str(EXAMPLE_KUK_CSV), "--example", "--scheme", scheme.code, stdout=StringIO())


def seed_tuks(staf) -> None:
    for name, kind, address, contact, verified in DEMO_TUKS:
        tuk, _ = TUK.objects.update_or_create(
            name=name, defaults={"kind": kind, "address": address, "contact": contact}
        )
        if verified and not tuk.is_verified:
            verify_tuk(tuk=tuk, by=staf, on=date(2025, 11, 3))


def seed_calendar(staf) -> None:
    """One LSP closure on the staff calendar page; long past, so no demo deadline moves."""
    from skema_lsp.lsp_calendar import set_calendar_day
    from skema_lsp.models import CalendarDay

    if not CalendarDay.objects.filter(date=date(2025, 12, 31)).exists():
        set_calendar_day(day=date(2025, 12, 31), is_working_day=False, reason="Tutup buku akhir tahun LSP", by=staf)


def seed(users: dict) -> None:
    scheme = load_scheme()
    load_example_kuk(scheme)
    seed_tuks(users.get("staf"))
    seed_calendar(users.get("staf"))

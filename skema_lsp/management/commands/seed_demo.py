"""Contract 2: demo users for every role (password demo-lsp-2026), then each stage's demo cases.

Idempotent: users are matched by username and brought back to the state below; each stage's
`seed(users)` (from `<app>/demo.py`, in lifecycle order) is idempotent too.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.validators import validate_nik
from skema_lsp.reminders import sweep
from skema_lsp.stages import stage_modules

DEMO_PASSWORD = "demo-lsp-2026"
EMAIL_DOMAIN = "demo.lsp-renbang.id"

# username -> (roles, profile fields). NIKs are made up but valid: region code of the birth place,
# birth date (day + 40 for women) and a serial, so accounts.validators.validate_nik accepts them.
DEMO_USERS: dict[str, tuple[list[Role], dict]] = {
    "admin": ([], {"full_name": "Administrator Sistem", "is_staff": True, "is_superuser": True}),
    "staf": ([Role.STAF], {"full_name": "Yuliana Wulandari, S.E.", "phone": "0812-1000-2001"}),
    "asesor1": ([Role.ASESOR], {"full_name": "Dr. Bambang Setiawan, M.Si.", "met_number": "MET.000.012345 2019",
                                "met_valid_until": date(2029, 12, 31), "phone": "0813-2000-3101"}),
    "asesor2": ([Role.ASESOR], {"full_name": "Ir. Dewi Anggraini, M.T.", "met_number": "MET.000.023456 2020",
                                "met_valid_until": date(2030, 6, 30), "phone": "0813-2000-3102"}),
    "teknis1": ([Role.TIM_TEKNIS], {"full_name": "Hendra Gunawan, S.T., M.P.P."}),
    "teknis2": ([Role.TIM_TEKNIS], {"full_name": "Ratna Kusumawati, S.Sos., M.A."}),
    "teknis3": ([Role.TIM_TEKNIS], {"full_name": "Ahmad Fauzi, S.E., M.Ec.Dev."}),
    "banding1": ([Role.TIM_BANDING], {"full_name": "Sri Wahyuni, S.H., M.H."}),
    "banding2": ([Role.TIM_BANDING], {"full_name": "Agus Salim Harahap, S.T., M.Sc."}),
    "banding3": ([Role.TIM_BANDING], {"full_name": "I Made Wirawan, S.P., M.Si."}),
    "direktur": ([Role.DIREKTUR], {"full_name": "Ir. Wahyu Hidayat, M.T.", "position": "Direktur"}),
    "pemohon1": ([Role.PEMOHON], {
        "full_name": "Rina Kartika Sari", "nik": "3273015405900002", "birth_place": "Bandung",
        "birth_date": date(1990, 5, 14), "sex": User.Sex.PEREMPUAN, "phone": "0812-2233-4401",
        "address": "Jl. Dago Asri No. 12, Coblong, Bandung 40135",
        "last_education": "S-1 Perencanaan Wilayah dan Kota",
    }),
    "pemohon2": ([Role.PEMOHON], {
        "full_name": "Andi Pratama Nugroho", "nik": "3471010311880001", "birth_place": "Yogyakarta",
        "birth_date": date(1988, 11, 3), "sex": User.Sex.LAKI_LAKI, "phone": "0856-4321-7702",
        "address": "Jl. Parangtritis Km 3 No. 8, Mantrijeron, Yogyakarta 55143",
        "last_education": "D-3 Administrasi Negara",
    }),
    "pemohon3": ([Role.PEMOHON], {
        "full_name": "Nur Aini Hasanah", "nik": "3578016702950003", "birth_place": "Surabaya",
        "birth_date": date(1995, 2, 27), "sex": User.Sex.PEREMPUAN, "phone": "0878-5566-1203",
        "address": "Jl. Ketintang Baru II No. 5, Gayungan, Surabaya 60231",
        "last_education": "S-1 Ekonomi Pembangunan",
    }),
}


def ensure_user(username: str, roles: list[Role], fields: dict) -> User:
    if fields.get("nik"):
        validate_nik(fields["nik"], fields.get("birth_date"), fields.get("sex"))
    defaults = {"email": f"{username}@{EMAIL_DOMAIN}", "is_active": True, "is_staff": False,
                "is_superuser": False, **fields}
    user, created = User.objects.update_or_create(username=username, defaults=defaults)
    changed = []
    if created:  # hashing is slow and a changed demo password is the tester's choice: set it once
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        changed.append("email_verified_at")
    if changed:
        user.save(update_fields=changed)
    user.groups.set(Group.objects.filter(name__in=[str(r) for r in roles]))
    return user


@transaction.atomic
def ensure_users() -> dict[str, User]:
    return {username: ensure_user(username, roles, fields) for username, (roles, fields) in DEMO_USERS.items()}


class Command(BaseCommand):
    help = "Isi data demo: satu pengguna per peran (kata sandi demo-lsp-2026) dan kasus di setiap tahap."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Jalankan walaupun DEBUG mati (bukan untuk produksi).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo menolak berjalan karena DEBUG mati (kemungkinan server produksi). "
                "Gunakan --force bila memang ingin mengisi data demo."
            )
        users = ensure_users()
        self.stdout.write(f"Pengguna demo: {', '.join(users)} (kata sandi {DEMO_PASSWORD}).")
        # The demo's own notification emails would flood the console; they stay in the in-app list.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            for module in stage_modules("demo"):
                with transaction.atomic():
                    module.seed(users)
                self.stdout.write(f"Data demo {module.__name__.split('.')[0]}: selesai.")
            # One reminder sweep, as beat would run it: renders any certificate PDF still missing and
            # fills the demo users' notification lists with what is due today.
            result = sweep()
            self.stdout.write(f"Sapuan pengingat: {len(result.sent)} terkirim, {len(result.moved)} perubahan status.")
        self.stdout.write(self.style.SUCCESS("Data demo siap."))

"""Demo data of the data subject's rights (UU PDP): pemohon1's open correction request (due in
3 × 24 hours, in the staff's list) and a copy of their data ready to download; a breach recorded
yesterday whose notices to pemohon2 and pemohon3 are still due. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from accounts import services
from accounts.models import BreachIncident


def seed(users) -> None:
    needed = ("pemohon1", "pemohon2", "pemohon3")
    if any(n not in users for n in needed) or users["pemohon1"].correction_requests.exists():
        return
    staff = users.get("staf") or users["admin"]
    p1, p2, p3 = (users[n] for n in needed)
    services.file_correction_request(
        user=p1, kind="koreksi", data_item="Alamat rumah",
        detail="Alamat tertulis Jl. Merdeka No. 1; sejak Oktober saya pindah ke Jl. Dago No. 12, Bandung.",
    )
    export = services.request_data_export(user=p1)
    services.produce_data_export(export=export)  # ready at once, as when tasks run inline
    if not BreachIncident.objects.exists():
        discovered = timezone.now() - timedelta(hours=20)
        services.record_breach(
            by=staff, title="Daftar peserta terlampir pada email ke penerima yang salah",
            discovered_at=discovered, occurred_at=discovered - timedelta(hours=3),
            data_exposed="Nama lengkap, nomor HP dan email dua pemohon",
            cause="Lampiran daftar peserta uji terkirim ke alamat email mitra TUK yang salah ketik.",
            remediation="Penerima mengonfirmasi penghapusan email; pengiriman lampiran kini hanya melalui tautan "
                        "yang memerlukan login.",
            affected=[p2, p3],
        )

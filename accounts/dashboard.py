from django.urls import reverse

from accounts.roles import Role


def panels(user) -> list[tuple[str, dict]]:
    """Profile panel for everyone; a short intro per role the later stages build on."""
    result = [("_panel.html", {
        "title": "Akun saya",
        "text": "Lengkapi profil (NIK, tempat dan tanggal lahir) sebelum mengajukan permohonan."
        if user.has_role(Role.PEMOHON) and not user.nik else "",
        "links": [("Profil", reverse("profile")), ("Ubah kata sandi", reverse("password_change"))],
    })]
    return result

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from accounts.roles import Role

# (role, label, url name): each role sees its own work. Later stages add their entries here.
NAV_ITEMS: list[tuple[str, str, str]] = [
    (Role.PEMOHON, "Permohonan saya", "registration:my_applications"),
    (Role.STAF, "Verifikasi", "registration:staff_queue"),
    (Role.ASESOR, "Asesi saya", "assessment:my_candidates"),
    (Role.STAF, "Penugasan", "assessment:staff_assignments"),
    (Role.STAF, "Jadwal uji", "exams:sessions"),
    (Role.ASESOR, "Jadwal uji", "exams:sessions"),
    (Role.PEMOHON, "Jadwal ujian", "exams:my_exams"),
    (Role.TIM_TEKNIS, "Rapat tim teknis", "decisions:meetings"),
    (Role.STAF, "Rapat & SK", "decisions:meetings"),
    (Role.DIREKTUR, "Persetujuan SK", "decisions:sk_list"),
    (Role.PEMOHON, "Sertifikat saya", "decisions:my_certificates"),
    (Role.STAF, "Pemegang", "surveillance:holders"),
    (Role.PEMOHON, "Surveilan", "surveillance:my_surveillance"),
    (Role.STAF, "Banding", "appeals:staff_list"),
    (Role.STAF, "Pengingat", "sent_reminders"),
    (Role.STAF, "Data pribadi (PDP)", "staff_corrections"),
    (Role.STAF, "TUK", "schemes:tuk_list"),
    (Role.STAF, "Kalender LSP", "calendar_days"),
    (Role.STAF, "Asesor (MET)", "assessment:assessor_list"),
    (Role.TIM_BANDING, "Banding saya", "appeals:panel_list"),
    (Role.PEMOHON, "Banding", "appeals:my_appeals"),
]

# Less frequent staff pages sit under a "Lainnya" dropdown so the bar fits a 1366 px screen.
NAV_MORE = {"sent_reminders", "staff_corrections", "schemes:tuk_list", "calendar_days", "assessment:assessor_list"}


def url_of(name: str) -> str | None:
    """reverse(name), once per URLconf and script prefix (the bar is on every page)."""
    key = (name, get_urlconf(), get_script_prefix())
    if key not in _URLS:
        try:
            _URLS[key] = reverse(name)
        except NoReverseMatch:
            _URLS[key] = None
    return _URLS[key]


_URLS: dict[tuple, str | None] = {}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = set(user.role_set)
    if user.is_superuser:
        roles.add(Role.STAF)
    items, more, seen = [], [], set()
    for role, label, name in NAV_ITEMS:
        if role not in roles or name in seen:
            continue
        url = url_of(name)
        if url is None:
            continue  # the stage providing this page is not built yet
        (more if name in NAV_MORE else items).append({"label": label, "url": url})
        seen.add(name)
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_items": items, "nav_more": more, "unread_notifications": unread}


def language_switch(request):
    """The language switch only on pages that have an English translation (skema_lsp/i18n.py)."""
    from skema_lsp.i18n import is_translated

    return {"language_switch": is_translated(request.path_info)}

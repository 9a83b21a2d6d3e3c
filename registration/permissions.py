"""Who may see or act on an application. Object views answer 404 when can_view_application is
False and 403 when the viewer may see but not act."""

from collections.abc import Callable

from accounts.roles import Role

# Later stages add predicates here from their AppConfig.ready() (e.g. assessment: "is the
# assigned assessor"), so registration never imports a later stage.
EXTRA_VIEWERS: list[Callable[[object, object], bool]] = []


def can_view_application(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staf or application.applicant_id == user.pk:
        return True
    return any(check(user, application) for check in EXTRA_VIEWERS)


def can_edit_application(user, application) -> bool:
    return application.applicant_id == user.pk and application.status in {
        application.Status.DRAFT, application.Status.RETURNED,
    }


def can_review(user, application=None) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_staf


def can_apply(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.PEMOHON)


def can_see_full_nik(user, application) -> bool:
    """NIK is masked everywhere except to staff (DESIGN, Files and personal data)."""
    return user.is_staf

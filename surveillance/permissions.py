"""Named predicates of surveillance. Object views answer 404 outside queries.visible_to(user) and
403 when the viewer may see but not act."""

from accounts.roles import Role


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_staf


def is_holder(user, certificate) -> bool:
    return getattr(user, "is_authenticated", False) and certificate.holder_id == user.pk


def can_submit(user, surveillance) -> bool:
    return is_holder(user, surveillance.certificate) and surveillance.is_editable


def can_review(user, surveillance=None) -> bool:
    return is_staff(user)


def can_apply_recertification(user, certificate) -> bool:
    return is_holder(user, certificate) and user.has_role(Role.PEMOHON)

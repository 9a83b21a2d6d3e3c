"""Named predicates of the complaints stage."""

from complaints.models import Complaint


def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staf


def handles(user, complaint: Complaint) -> bool:
    return user.is_authenticated and complaint.handler_id == user.pk


def can_assign(user, complaint: Complaint) -> bool:
    return is_staff(user) and complaint.is_open


def can_close(user, complaint: Complaint) -> bool:
    return handles(user, complaint) and complaint.status == Complaint.Status.IN_PROGRESS


def can_see_handling(user, complaint: Complaint) -> bool:
    """Staff and the handler see the handling (timeline, staff notes); the complainant sees status and outcome."""
    return is_staff(user) or handles(user, complaint)

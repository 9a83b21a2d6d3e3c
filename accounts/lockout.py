"""Login throttling: django-axes' database handler with a second, per-address limit."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    """A username is locked at one address after AXES_FAILURE_LIMIT failures (AXES_LOCKOUT_PARAMETERS
    pairs username and address), so nobody can lock a named person out from elsewhere. An address
    is locked for every username after AXES_IP_FAILURE_LIMIT failures across usernames: one wrong
    password tried on many accounts (password spraying) stops there."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        from_address = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"] or 0
        if from_address >= settings.AXES_IP_FAILURE_LIMIT:
            # Axes compares this one number with AXES_FAILURE_LIMIT: an address at its own limit is locked.
            return max(failures, get_failure_limit(request, credentials))
        return failures

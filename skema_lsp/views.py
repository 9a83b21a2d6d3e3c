from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from schemes.models import Scheme
from skema_lsp.models import Notification
from skema_lsp.stages import stage_modules


def home(request):
    from django.conf import settings

    schemes = Scheme.objects.filter(is_active=True).prefetch_related("units")
    return render(request, "home.html", {"schemes": schemes, "payment_due_days": settings.PAYMENT_DUE_DAYS})


@never_cache
def healthz(request):
    """Contract 7: 200 JSON with the state of each part (database, cache, broker, storage) and an
    overall "ok" or "degraded", as long as the web node itself can answer."""
    from skema_lsp.health import report

    return JsonResponse(report())


@login_required
def dashboard(request):
    """One dashboard; each stage app contributes, for the roles it serves, what needs the user's
    action now (its todo.py), charts of the work (its charts.py) and panels (its dashboard.py)."""
    user = request.user
    actions, charts, panels = [], [], []
    for module in stage_modules("todo"):
        actions.extend(module.actions(user))
    for module in stage_modules("charts"):
        charts.extend(module.charts(user))
    for module in stage_modules("dashboard"):
        panels.extend(module.panels(user))
    return render(request, "dashboard.html", {
        "actions": actions, "action_total": sum(a.count for a in actions), "charts": charts, "panels": panels,
    })


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    return render(request, "notifications.html", {"items": items})


@login_required
@require_POST
def notification_read(request, pk: int):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and note.url.startswith("/"):
        return redirect(note.url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


@login_required
def my_data(request):
    """The data subject's own data (UU PDP): consents on screen, everything as a ZIP download."""
    if request.GET.get("unduh") == "zip":
        from skema_lsp.privacy import export_zip

        response = HttpResponse(export_zip(request.user), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="data-pribadi-saya.zip"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "my_data.html", {"consents": request.user.consents.all(),
                                            "exports": request.user.export_requests.all()[:10]})


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    from django.template import loader

    # No request context: the navigation's queries must not run when the database may be down.
    return HttpResponse(loader.get_template("500.html").render(), status=500)

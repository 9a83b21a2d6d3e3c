import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skema_lsp.settings")

app = Celery("skema_lsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

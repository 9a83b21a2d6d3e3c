import faulthandler
import os
import signal
import sys

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skema_lsp.settings")

app = Celery("skema_lsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def dump_stacks_on_sigusr2(**_):
    """`kill -USR2 <pid>` writes every thread's Python stack to the worker's log: how a task that
    seems stuck is diagnosed without stopping it."""
    # The real stderr: in a pool process sys.stderr is Celery's logging proxy, which has no file number.
    faulthandler.register(signal.SIGUSR2, file=sys.__stderr__, all_threads=True)

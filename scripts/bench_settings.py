"""Settings for the web benchmark: the project's own, plus a hello-world route to compare against."""

from skema_lsp.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"

from django.apps import apps
from django.contrib import admin

from skema_lsp.stages import STAGE_APPS


def test_every_project_model_has_an_admin_or_is_an_inline_of_one():
    project_apps = {"skema_lsp", *STAGE_APPS}
    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in project_apps and m not in admin.site._registry and m not in inlines
    ]
    assert missing == []

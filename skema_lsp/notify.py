"""Notifications: an in-app row now, an email after the surrounding transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from skema_lsp.models import Notification


def notify(*, user, subject: str, template: str | None = None, context: dict | None = None,
           body: str = "", url: str = "", email: bool = True, essential: bool = True) -> Notification:
    """Tell `user` something. `template` names `<template>.txt` (and optionally `.html`) for the email,
    written in the user's language (templates and subjects marked for translation follow it).

    A non-essential message (`essential=False`, see accounts/consents.py for which are) is emailed
    only while the person's `komunikasi` consent stands; the in-app note is kept either way."""
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        return _notify(user=user, subject=str(subject), template=template, context=context, body=str(body), url=url,
                       email=email, essential=essential)


def _notify(*, user, subject: str, template: str | None, context: dict | None, body: str, url: str,
            email: bool, essential: bool) -> Notification:
    context = {"user": user, "site_url": settings.SITE_URL, "url": url, **(context or {})}
    text = render_to_string(f"{template}.txt", context) if template else body
    note = Notification.objects.create(recipient=user, subject=subject, body=text, url=url)
    if url and not template:
        opening = _("Buka:")
        text = f"{text}\n\n{opening} {settings.SITE_URL}{url}"  # the in-app note links itself; the mail needs it
    if email and user.email and not essential:
        from accounts.consents import email_allowed

        email = user.pk in email_allowed([user.pk])
    if email and user.email:
        html = None
        if template:
            try:
                html = render_to_string(f"{template}.html", context)
            except TemplateDoesNotExist:  # the HTML part is optional
                html = None
        # robust: the state change already committed; a mail server outage is logged, not a 500.
        transaction.on_commit(lambda: _send(user.email, subject, text, html), robust=True)
    return note


def _send(to: str, subject: str, text: str, html: str | None) -> None:
    message = EmailMultiAlternatives(f"[{settings.LSP_NAME}] {subject}", text, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

"""The one shape of a POST action in a view: call one service, turn its refusal into a message.

    return act(request, lambda: services.reinstate_certificate(...), "Sertifikat dipulihkan.", to=certificate)
    return act_on_form(request, VoteForm(request.POST), lambda data: services.cast_vote(..., **data),
                       "Pendapat Anda telah dicatat.", to=appeal, invalid="Pilih pendapat dan tuliskan alasannya.")

A DomainError's text (Indonesian, meant for the person who tried) becomes messages.error, or a
non-field error of `form` when the page re-renders the form; anything else is a bug and propagates.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from skema_lsp.errors import DomainError


class Refused:
    """What `attempt` returns when the service refused (falsy, so `if result:` reads naturally)."""

    def __bool__(self) -> bool:
        return False


REFUSED = Refused()


def attempt(request: HttpRequest, call: Callable[[], Any], success: str | Callable[[Any], str] = "", *,
            form: forms.Form | None = None) -> Any:
    """Run `call`; on success add `success` (a text, or a function of the result) and return the
    result; on a DomainError show its message and return REFUSED."""
    try:
        result = call()
    except DomainError as exc:
        if form is not None:
            form.add_error(None, str(exc))
        else:
            messages.error(request, str(exc))
        return REFUSED
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return result


def act(request: HttpRequest, call: Callable[[], Any], success: str | Callable[[Any], str] = "", *, to: Any,
        refused_to: Any = None) -> HttpResponseRedirect:
    """`attempt`, then redirect to `to` (a model, a URL or a URL name), or to `refused_to` when refused."""
    result = attempt(request, call, success)
    if result is REFUSED and refused_to is not None:
        return redirect(refused_to)
    return redirect(to)


def act_on_form(request: HttpRequest, form: forms.Form, call: Callable[[dict], Any],
                success: str | Callable[[Any], str] = "", *, to: Any, invalid: str = "",
                with_errors: bool = False) -> HttpResponseRedirect:
    """A POST action behind a small form on another page: an invalid form shows `invalid` (followed
    by the form's own error texts with `with_errors`) and goes back to `to`; a valid one runs
    `call(form.cleaned_data)` as `act` does."""
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors] if with_errors else []
        messages.error(request, " ".join([invalid, *errors]).strip())
        return redirect(to)
    return act(request, lambda: call(form.cleaned_data), success, to=to)


def refused(result: Any) -> bool:
    return result is REFUSED

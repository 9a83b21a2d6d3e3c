"""Sections that later stages add to an assessment's page (assessment never imports them): a later
app registers a provider in its AppConfig.ready, as exams does for its instruments and CBT."""

from collections.abc import Callable

from assessment.models import Assessment

Provider = Callable[[object, Assessment], list[tuple[str, dict]]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def for_assessment(user, assessment: Assessment) -> list[tuple[str, dict]]:
    """(template, context) pairs in registration order, for the viewer."""
    found: list[tuple[str, dict]] = []
    for provider in PROVIDERS:
        found.extend(provider(user, assessment))
    return found

"""What a person should do next, shown on their profile page. The stages register providers from
their AppConfig.ready() (registration: start or continue an application), so accounts never imports
a stage; the first provider with an answer wins."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    label: str


PROVIDERS: list[Callable[[object], NextStep | None]] = []


def register(provider: Callable[[object], NextStep | None]) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def next_step(user) -> NextStep | None:
    for provider in PROVIDERS:
        if step := provider(user):
            return step
    return None

"""Enumerate every URL pattern in the project, with a reversible name and its converters."""

import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

DUMMY = {"int": 987654, "slug": "tidak-ada", "str": "tidak-ada", "uuid": uuid.UUID(int=7), "path": "tidak/ada"}


@dataclass(frozen=True)
class Route:
    name: str
    converters: tuple[tuple[str, str], ...]  # (kwarg, converter type)

    def url(self, **kwargs) -> str:
        values = {k: kwargs.get(k, DUMMY[conv]) for k, conv in self.converters}
        return reverse(self.name, kwargs=values)


def _converter_type(converter) -> str:
    name = type(converter).__name__.lower()
    for key in ("int", "slug", "uuid", "path", "str"):
        if name.startswith(key):
            return key
    return "str"


def _walk(patterns, namespace: str = "", converters: tuple = ()):
    for entry in patterns:
        found = tuple(
            (k, _converter_type(c)) for k, c in getattr(entry.pattern, "converters", {}).items()
        )
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":
                continue  # Django admin guards itself (staff login); tested separately
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _walk(entry.url_patterns, prefix, converters + found)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(name=f"{namespace}{entry.name}", converters=converters + found)


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


def unnamed_patterns() -> list[str]:
    """Patterns without a name cannot be reversed or listed: the walk refuses them."""
    missing = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace != "admin":
                    walk(entry.url_patterns, prefix + str(entry.pattern))
            elif not entry.name:
                missing.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns)
    return missing

"""The client's address, as far as this deployment can trust it."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless the peer is one of TRUSTED_PROXIES. Then X-Forwarded-For is read from
    the right, where each proxy appended the address it received the request from, skipping
    trusted proxies: the first address that is not trusted is the client. Whatever lies left of it
    was written by the client itself, so a forged header cannot choose the address."""
    remote = request.META.get("REMOTE_ADDR", "")
    client = _address(remote)
    if client is None:
        return remote
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))

    def is_trusted(address: Address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(client):
        return str(client)
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:  # a malformed entry: nothing further left can be trusted
            break
        client = address
        if not is_trusted(address):
            break
    return str(client)

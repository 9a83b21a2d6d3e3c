"""client_ip: the peer address, or X-Forwarded-For read from the right past TRUSTED_PROXIES only."""

import pytest
from django.test import RequestFactory

from skema_lsp.net import client_ip


def ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_a_forged_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert ip("203.0.113.5", "198.51.100.7") == "203.0.113.5"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert ip("10.0.0.2", "198.51.100.7") == "198.51.100.7"


def test_entries_the_client_wrote_itself_are_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    # The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the real peer.
    assert ip("10.0.0.2", "1.1.1.1, 198.51.100.7") == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_by_cidr(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]
    assert ip("10.0.0.2", "1.1.1.1, 198.51.100.7, fd00::5, 10.0.0.7") == "198.51.100.7"


def test_an_untrusted_peer_is_the_client_whatever_it_forwards(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert ip("203.0.113.5", "10.0.0.2") == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "bukan-ip", "198.51.100.7\x00", "198.51.100.7:443"])
def test_a_missing_or_malformed_entry_falls_back_to_the_last_trusted_hop(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert ip("10.0.0.2", forwarded) == "10.0.0.2"


def test_ipv4_mapped_addresses_compare_as_ipv4(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert ip("::ffff:10.0.0.2", "::ffff:198.51.100.7") == "198.51.100.7"

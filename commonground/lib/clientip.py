"""The client's address: ``X-Forwarded-For`` is believed only from configured proxies.

Behind a reverse proxy every request comes from the proxy (``REMOTE_ADDR``), so the lockout
(django-axes), the rate limits and the audit trail need the address the proxy saw. That is
read from ``X-Forwarded-For`` only when the request came from an address listed in
``COMMONGROUND_TRUSTED_PROXIES`` (addresses or networks, e.g. ``127.0.0.1,10.0.0.0/8``), and
only as far as the chain of trusted proxies goes: walking the header from the right, the first
address that is not a trusted proxy is the client. Anything to its left was written by the
client and is ignored, so a client cannot choose its own address. With no trusted proxies
configured the header is ignored entirely (docs/deployment.md).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``COMMONGROUND_TRUSTED_PROXIES`` as networks; a bad entry is a configuration error."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"COMMONGROUND_TRUSTED_PROXIES: {value!r} is not an address or a network"
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (see the module); ``None`` when the request has none."""
    remote = _address(str(request.META.get("REMOTE_ADDR") or ""))
    if remote is None:
        return None
    networks = _trusted(tuple(settings.COMMONGROUND_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for part in reversed(header.split(",")):
        hop = _address(part)
        if hop is None:
            break  # garbage in the header: the last proxy we believe is as far as we know
        client = hop
        if not _is_trusted(hop, networks):
            break
    return str(client)

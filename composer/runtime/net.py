"""Which addresses are this machine, and when an endpoint URL would send the API key where others can read it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: traffic that never leaves this machine."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_warning(base_url: str | None) -> str | None:
    """A sentence when ``base_url`` is plain http to another machine (the key would cross the network readable)."""
    if not base_url:
        return None
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() != "http" or is_loopback(parts.hostname or ""):
        return None
    return (f"The endpoint {parts.scheme}://{parts.netloc} is plain http to another machine: the API key would travel "
            "unencrypted, readable by anyone on the network path. Use https, or an endpoint on this machine "
            "(127.0.0.1).")

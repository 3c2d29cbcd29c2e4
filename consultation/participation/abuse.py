"""Limits on how often one address or one email may submit (django-ratelimit counters in the cache),
and the one function that says which address a request comes from."""

import ipaddress
import logging

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


def _valid_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address of the person who sent `request`, or None when it is not known.

    With DROGOWSKAZ_TRUSTED_PROXIES = 0 (the default) it is REMOTE_ADDR: X-Forwarded-For is never
    read, because anyone can send one. Behind N trusted reverse proxies, each of which appends the
    address it received the request from, the client is the N-th entry of X-Forwarded-For counted from
    the right; entries further left were written by the client and are ignored. A header with fewer
    entries than N (a request that skipped a proxy) gives its leftmost entry; an entry that is not an
    IP address gives REMOTE_ADDR.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.DROGOWSKAZ_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if not forwarded:
        return remote
    return _valid_address(forwarded[-min(proxies, len(forwarded))]) or remote


def _ip_key(group, request):
    """The client's address as a rate-limit key: IPv6 by its /64 network, as django-ratelimit does."""
    address = client_ip(request)
    if address is None:
        return "-"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


LIMITS = (
    # (group, key, setting holding the rate)
    ("submit-ip", _ip_key, "DROGOWSKAZ_RATE_PER_IP"),
    ("submit-email", _email_key, "DROGOWSKAZ_RATE_PER_EMAIL"),
)


def retry_after(request, *, count=True):
    """Seconds the sender must wait, or 0. Each call counts one submission (unless `count` is False)."""
    wait = 0
    for group, key, setting in LIMITS:
        try:
            usage = get_usage(request, group=group, key=key, rate=getattr(settings, setting), increment=count)
        except Exception:  # the shared cache is down: take the comment (see RATELIMIT_FAIL_OPEN)
            logger.warning("Rate limits unavailable", exc_info=True)
            return 0
        if usage and usage["should_limit"]:
            wait = max(wait, usage["time_left"], 1)
    return wait


def too_many_requests(request, wait):
    response = TemplateResponse(request, "429.html", {"wait_minutes": max(1, (wait + 59) // 60)}, status=429)
    response["Retry-After"] = str(wait)
    return response

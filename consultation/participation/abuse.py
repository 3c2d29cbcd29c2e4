"""Limits on how often one address or one email may submit (django-ratelimit counters in the cache)."""

import logging

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import get_usage


logger = logging.getLogger(__name__)


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


LIMITS = (
    # (group, key, setting holding the rate)
    ("submit-ip", "ip", "DROGOWSKAZ_RATE_PER_IP"),
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

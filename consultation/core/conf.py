"""Every `DROGOWSKAZ_*` setting in one place: its type, default, allowed range and meaning.

`site/settings/base.py` reads them all from the environment through `from_environment()`, so a
setting has one default, written here. `consultation.checks` refuses a value out of range at start-up
(`manage.py check`, `runserver`, `migrate`), whichever settings module or test set it, with the
message of `Setting.problem()`. The README's settings table lists the same names and defaults.

Only the standard library and Django: this module is imported by the settings, before any app.
"""

import os
import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

# django-ratelimit's rate syntax: a count, a slash, an optional multiplier and a period (s, m, h, d),
# e.g. "20/h" or "100/10m". Its own parser accepts any prefix of junk ("20/hour" counts per hour,
# "20/H" per second); here the whole value must match.
RATE_RE = re.compile(r"([0-9]+)/([0-9]*)([smhd])")


def _at_least(minimum):
    def check(value):
        return None if value >= minimum else f"must be {minimum} or more"

    check.range = f">= {minimum}"
    return check


def _rate(value):
    match = RATE_RE.fullmatch(value)
    if match is None:
        return 'must be a django-ratelimit rate: a count per period such as "20/h" or "100/10m" (s, m, h, d)'
    count, multiplier, _period = match.groups()
    if int(count) < 1 or multiplier == "0" or (multiplier and int(multiplier) < 1):
        return "must allow at least one submission in a period of at least one unit"
    return None


_rate.range = "N/[M]s|m|h|d"


def _base_url(value):
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return 'must be an absolute http or https address, such as "https://konsultacje.example.org"'
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        return "must be the scheme and host (and port) only, without a path, query or user"
    return None


_base_url.range = "http(s)://host[:port]"


@dataclass(frozen=True)
class Setting:
    name: str
    type: type  # int or str: how the environment's text is read
    default: Any  # the value, or a function of the environment giving it
    doc: str  # one line: what it does
    check: Callable[[Any], Any]  # value -> None, or what is wrong with it
    tidy: Callable[[str], str] = str  # applied to the environment's text before it is used

    def default_for(self, environ):
        return self.default(environ) if callable(self.default) else self.default

    def read(self, environ):
        """The value from `environ` (text, as the environment gives it), or the default."""
        raw = environ.get(self.name)
        if raw is None or raw.strip() == "":
            return self.default_for(environ)
        raw = raw.strip()
        if self.type is int:
            try:
                return int(raw)
            except ValueError:
                raise ImproperlyConfigured(f"{self.name} must be a whole number, not {raw!r}.") from None
        return self.tidy(raw)

    @property
    def range(self):
        return getattr(self.check, "range", "")

    def problem(self, value):
        """None when `value` is allowed; otherwise a sentence that says why not."""
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"{self.name} must be a whole number, not {value!r}."
        if self.type is str and not isinstance(value, str):
            return f"{self.name} must be text, not {value!r}."
        wrong = self.check(value)
        return f"{self.name} {wrong} (it is {value!r})." if wrong else None


def _page_cache_default(environ):
    # Invalidation must reach every app process, so the cache is on by default only with a shared cache.
    return 600 if environ.get("CACHE_URL") else 0


SETTINGS = (
    Setting("DROGOWSKAZ_BASE_URL", str, "http://127.0.0.1:8000",
            "Scheme and host of the public site: every absolute link (emails, admin notifications) starts "
            "with it, never with the request's Host header; also WAGTAILADMIN_BASE_URL.", _base_url,
            tidy=lambda url: url.rstrip("/")),
    Setting("DROGOWSKAZ_TRUSTED_PROXIES", int, 0,
            "Reverse proxies in front of the app that append to X-Forwarded-For; the client's address is "
            "the entry this many places from the right. 0: the header is never read (anyone can forge it).",
            _at_least(0)),
    Setting("DROGOWSKAZ_COMMENT_MAX_LENGTH", int, 5000,
            "Longest comment text a person may submit, in characters.", _at_least(1)),
    Setting("DROGOWSKAZ_THREADS_PER_PARAGRAPH", int, 3,
            "Comment threads shown under each paragraph of a chapter; the paragraph's own page shows all "
            "(at most consultation.models.stats.FIRST_THREADS_KEPT, checked by drogowskaz.E001).", _at_least(1)),
    Setting("DROGOWSKAZ_RATE_PER_IP", str, "20/h",
            "Comments, replies and reports allowed per client address (django-ratelimit rate).", _rate),
    Setting("DROGOWSKAZ_RATE_PER_EMAIL", str, "10/h",
            "Comments and replies allowed per email address (django-ratelimit rate).", _rate),
    Setting("DROGOWSKAZ_MIN_SUBMIT_SECONDS", int, 3,
            "A form sent sooner than this many seconds after it was shown is refused (bots); 0: off.",
            _at_least(0)),
    Setting("DROGOWSKAZ_PAGE_CACHE_SECONDS", int, _page_cache_default,
            "Seconds a rendered chapter page is kept for anonymous readers; 0: off. Default 600 with "
            "CACHE_URL, else 0.", _at_least(0)),
    Setting("DROGOWSKAZ_SHARED_CACHE_SECONDS", int, 0,
            "Seconds a shared cache or CDN in front of the site may keep a public page (Cache-Control "
            "s-maxage); 0: it must ask the site every time (an unchanged page costs a 304). Set it only with "
            "WAGTAILFRONTENDCACHE configured, which purges a page when it changes.", _at_least(0)),
    Setting("DROGOWSKAZ_IMPORT_MAX_BYTES", int, 10 * 1024 * 1024,
            "Largest draft file (Word or Markdown) that may be imported, in bytes.", _at_least(1)),
    Setting("DROGOWSKAZ_IP_RETENTION_DAYS", int, 30,
            "Days after which a comment's IP address is dropped (manage.py apply_retention).", _at_least(1)),
    Setting("DROGOWSKAZ_CONFIRMATION_HOURS", int, 48,
            "Hours during which the emailed link confirms a comment; unconfirmed comments are deleted after.",
            _at_least(1)),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def from_environment(environ=None):
    """{name: value} of every DROGOWSKAZ_* setting, read from `environ` (default: os.environ)."""
    environ = os.environ if environ is None else environ
    return {setting.name: setting.read(environ) for setting in SETTINGS}


def problems(settings_object):
    """What is wrong with the DROGOWSKAZ_* values of a settings object: [(setting, message)]."""
    found = []
    for setting in SETTINGS:
        if not hasattr(settings_object, setting.name):
            found.append((setting, f"{setting.name} is not set; its default is {setting.default_for({})!r}."))
            continue
        message = setting.problem(getattr(settings_object, setting.name))
        if message:
            found.append((setting, message))
    return found


def absolute_url(path):
    """The absolute address of `path` (which starts with "/") on the configured public site."""
    return django_settings.DROGOWSKAZ_BASE_URL.rstrip("/") + path

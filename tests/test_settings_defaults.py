"""Every DROGOWSKAZ_* setting has one default (consultation/core/conf.py), is read from the
environment through it, and is refused at start-up when out of range."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django_ratelimit.core import _split_rate

from consultation import checks
from consultation.core import conf

ROOT = Path(__file__).resolve().parents[1]

DEFAULTS = {
    "DROGOWSKAZ_BASE_URL": "http://127.0.0.1:8000",
    "DROGOWSKAZ_TRUSTED_PROXIES": 0,
    "DROGOWSKAZ_COMMENT_MAX_LENGTH": 5000,
    "DROGOWSKAZ_THREADS_PER_PARAGRAPH": 3,
    "DROGOWSKAZ_RATE_PER_IP": "20/h",
    "DROGOWSKAZ_RATE_PER_EMAIL": "10/h",
    "DROGOWSKAZ_MIN_SUBMIT_SECONDS": 3,
    "DROGOWSKAZ_PAGE_CACHE_SECONDS": 0,
    "DROGOWSKAZ_SHARED_CACHE_SECONDS": 0,
    "DROGOWSKAZ_IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    "DROGOWSKAZ_IP_RETENTION_DAYS": 30,
    "DROGOWSKAZ_CONFIRMATION_HOURS": 48,
}


def test_defaults_of_an_empty_environment():
    assert conf.from_environment({}) == DEFAULTS
    assert all(setting.doc and setting.range for setting in conf.SETTINGS)


def test_values_come_from_the_environment():
    values = conf.from_environment({
        "DROGOWSKAZ_COMMENT_MAX_LENGTH": " 8000 ", "DROGOWSKAZ_RATE_PER_IP": "5/10m",
        "DROGOWSKAZ_BASE_URL": "https://konsultacje.example.gov.pl/", "DROGOWSKAZ_TRUSTED_PROXIES": "2",
        "DROGOWSKAZ_IP_RETENTION_DAYS": "",  # empty: the default
    })
    assert values["DROGOWSKAZ_COMMENT_MAX_LENGTH"] == 8000
    assert values["DROGOWSKAZ_RATE_PER_IP"] == "5/10m"
    assert values["DROGOWSKAZ_BASE_URL"] == "https://konsultacje.example.gov.pl"
    assert values["DROGOWSKAZ_TRUSTED_PROXIES"] == 2
    assert values["DROGOWSKAZ_IP_RETENTION_DAYS"] == 30


def test_the_page_cache_is_on_by_default_only_with_a_shared_cache():
    assert conf.from_environment({"CACHE_URL": "redis://cache:6379/0"})["DROGOWSKAZ_PAGE_CACHE_SECONDS"] == 600
    assert conf.from_environment({})["DROGOWSKAZ_PAGE_CACHE_SECONDS"] == 0


def test_a_number_that_is_not_a_number_stops_start_up_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="DROGOWSKAZ_CONFIRMATION_HOURS must be a whole number"):
        conf.from_environment({"DROGOWSKAZ_CONFIRMATION_HOURS": "two days"})


def test_the_settings_in_use_came_through_the_module():
    for name in DEFAULTS:
        assert hasattr(settings, name), name
    assert settings.WAGTAILADMIN_BASE_URL == settings.DROGOWSKAZ_BASE_URL
    assert conf.problems(settings) == []


def test_every_drogowskaz_setting_the_code_reads_is_listed():
    used = set()
    for path in list((ROOT / "consultation").rglob("*.py")) + list((ROOT / "home").rglob("*.py")):
        used |= set(re.findall(r"settings\.(DROGOWSKAZ_[A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    assert used, "the search found nothing"
    assert used <= set(conf.BY_NAME), used - set(conf.BY_NAME)


def test_the_readme_table_lists_every_setting_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in conf.SETTINGS:
        row = next((line for line in readme.splitlines() if line.startswith("|") and f"`{setting.name}`" in line), None)
        assert row is not None, f"{setting.name} is not in the README's settings table"
        default = setting.default_for({})
        assert f"`{default}`" in row or (setting.name == "DROGOWSKAZ_PAGE_CACHE_SECONDS" and "`0`" in row), row


@pytest.mark.parametrize("rate", ["20/h", "10/h", "1/s", "100/10m", "3/2d"])
def test_rates_that_django_ratelimit_reads_are_allowed(rate):
    assert conf.BY_NAME["DROGOWSKAZ_RATE_PER_IP"].problem(rate) is None
    count, seconds = _split_rate(rate)
    assert count >= 1 and seconds >= 1


@pytest.mark.parametrize("rate", ["20/hour", "20/H", "20", "", "h/20", "0/h", "20/0m", " 20/h", "-1/h"])
def test_rates_django_ratelimit_would_misread_are_refused(rate):
    message = conf.BY_NAME["DROGOWSKAZ_RATE_PER_IP"].problem(rate)
    assert message and message.startswith("DROGOWSKAZ_RATE_PER_IP ")


@pytest.mark.parametrize("name, value", [
    ("DROGOWSKAZ_CONFIRMATION_HOURS", 0),
    ("DROGOWSKAZ_IP_RETENTION_DAYS", -1),
    ("DROGOWSKAZ_COMMENT_MAX_LENGTH", 0),
    ("DROGOWSKAZ_IMPORT_MAX_BYTES", 0),
    ("DROGOWSKAZ_MIN_SUBMIT_SECONDS", -3),
    ("DROGOWSKAZ_PAGE_CACHE_SECONDS", -1),
    ("DROGOWSKAZ_TRUSTED_PROXIES", -1),
    ("DROGOWSKAZ_CONFIRMATION_HOURS", "48"),
    ("DROGOWSKAZ_CONFIRMATION_HOURS", True),
    ("DROGOWSKAZ_RATE_PER_EMAIL", "10 per hour"),
    ("DROGOWSKAZ_BASE_URL", "konsultacje.example.gov.pl"),
    ("DROGOWSKAZ_BASE_URL", "ftp://konsultacje.example.gov.pl"),
    ("DROGOWSKAZ_BASE_URL", "https://konsultacje.example.gov.pl/plan/"),
    ("DROGOWSKAZ_BASE_URL", "https://user:pw@konsultacje.example.gov.pl"),
])
def test_a_value_out_of_range_is_refused_by_the_system_check(name, value):
    with override_settings(**{name: value}):
        errors = checks.settings_range_check(None)
        assert [error.id for error in errors] == ["drogowskaz.E002"]
        assert isinstance(errors[0], Error) and errors[0].msg.startswith(name + " ") and errors[0].obj == name
        assert "Default:" in errors[0].hint
        with pytest.raises(SystemCheckError, match=name):
            call_command("check")


@pytest.mark.parametrize("name, value", [
    ("DROGOWSKAZ_MIN_SUBMIT_SECONDS", 0),
    ("DROGOWSKAZ_PAGE_CACHE_SECONDS", 0),
    ("DROGOWSKAZ_BASE_URL", "https://konsultacje.example.gov.pl:8443"),
    ("DROGOWSKAZ_TRUSTED_PROXIES", 2),
])
def test_values_in_range_pass(name, value):
    with override_settings(**{name: value}):
        assert checks.settings_range_check(None) == []


def test_threads_per_paragraph_keeps_its_own_check():
    from consultation.models import FIRST_THREADS_KEPT

    with override_settings(DROGOWSKAZ_THREADS_PER_PARAGRAPH=FIRST_THREADS_KEPT + 1):
        assert [e.id for e in checks.threads_per_paragraph_check(None)] == ["drogowskaz.E001"]
    with override_settings(DROGOWSKAZ_THREADS_PER_PARAGRAPH=FIRST_THREADS_KEPT):
        assert checks.threads_per_paragraph_check(None) == []


def test_wagtail_links_follow_the_same_base_url():
    with override_settings(WAGTAILADMIN_BASE_URL="http://elsewhere.example"):
        assert [w.id for w in checks.base_url_check(None)] == ["drogowskaz.W001"]
    assert checks.base_url_check(None) == []

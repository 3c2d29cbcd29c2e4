"""Production settings pass Django's deployment checks; public pages carry a strict CSP."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="plansite.settings.production", HTTPS="1",
               SECRET_KEY="x" * 20 + "-production-like-secret-key-for-the-check-0123456789",
               ALLOWED_HOSTS="konsultacje.example.org", DATABASE_URL="sqlite:///:memory:",
               CACHE_URL="redis://127.0.0.1:6379/0")
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client, chapter):
    policy = client.get(chapter.url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_security_headers(client, chapter):
    response = client.get(chapter.url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"

"""Test run: in-memory mail, fast hashing; the database comes from DATABASE_URL (SQLite by default)."""

import os

os.environ.setdefault("SECRET_KEY", "drogowskaz-tests-only")

from .base import *  # noqa: E402,F403

EMAIL_BACKEND = OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The outbox's task runs in the test's process once the transaction commits, as the worker would
# run it; the tests of the outbox itself (tests/notifications) use the database backend, a real
# worker and a real SMTP server.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "outbox": {"BACKEND": "tests.outbox_backend.ImmediateOnCommitBackend", "QUEUES": ["mail"]},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
# Django's test client is "testserver"; absolute links in mail point there.
DROGOWSKAZ_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests post forms at once; the minimum delay has a test of its own.
DROGOWSKAZ_MIN_SUBMIT_SECONDS = 0

"""Local demo: DEBUG on, a throwaway secret, mail printed to the console."""

import os

os.environ.setdefault("SECRET_KEY", "drogowskaz-dev-only-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]

"""Local demo: DEBUG on, a throwaway secret, mail printed to the console."""

import os

os.environ.setdefault("SECRET_KEY", "drogowskaz-dev-only-not-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("DEBUG", "1")
# Links in mail point at the server `make run` starts (PORT=8001 make run moves both).
os.environ.setdefault("DROGOWSKAZ_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}")

from .base import *  # noqa: E402,F403

ALLOWED_HOSTS = ["*"]

"""Production: everything from the environment (see base.py); nothing added but the defaults below."""

from .base import *  # noqa: F403

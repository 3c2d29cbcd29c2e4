"""Commands that change the record act as a named user, whose rights the action checks."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def add_user_argument(parser, *, required=True):
    parser.add_argument("--user", required=required,
                        help="username of the person on whose behalf the change is made (their rights are checked)")


def acting_user(username):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user

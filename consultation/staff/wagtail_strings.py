"""Strings of Wagtail's own admin screens that Wagtail's Polish catalogue does not translate.

Our catalogue (LOCALE_PATHS) is consulted before Wagtail's, so a Polish text here fills the gap;
naming the string in code keeps `makemessages` from dropping it as obsolete.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_WAGTAIL_PL = [
    gettext_noop("Go to the first error"),
]

"""Strings of Wagtail's own admin screens that Wagtail's Polish catalogue does not translate.

Our catalogue (LOCALE_PATHS) is consulted before Wagtail's, so a Polish text here fills the gap;
naming the string in code keeps `makemessages` from dropping it as obsolete.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_FROM_WAGTAIL_PL = [
    gettext_noop("Go to the first error"),
    # The dashboard's summary (wagtailimages/wagtaildocs homepage/site_summary_*.html).
    ngettext_lazy('%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>', "counter"),
    ngettext_lazy('%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>', "counter"),
]

"""Strings of Wagtail's own admin screens that Wagtail's Polish catalogue does not translate.

Our catalogue (LOCALE_PATHS) is consulted before Wagtail's, so a Polish text here fills the gap;
naming the string in code keeps `makemessages` from dropping it as obsolete.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MISSING_FROM_WAGTAIL_PL = [
    gettext_noop("Go to the first error"),
    # The chapter editor's blocks (wagtail.blocks.ChoiceBlock, wagtail.contrib.table_block).
    gettext_noop("- Select an option -"),
    gettext_noop("Display the first row as a header"),
    gettext_noop("Display the first column as a header"),
    gettext_noop("Display the first row AND first column as headers"),
    gettext_noop("Which cells should be displayed as headers?"),
    gettext_noop("A heading that identifies the overall topic of the table, and is useful for screen reader users."),
    gettext_noop("Select a header option"),
    # The dashboard's summary (wagtailimages/wagtaildocs homepage/site_summary_*.html).
    ngettext_lazy('%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>', "counter"),
    ngettext_lazy('%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
                  '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>', "counter"),
]

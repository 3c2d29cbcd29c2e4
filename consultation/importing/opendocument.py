"""Reading an OpenDocument text (.odt) into `document.Element`s (being written)."""

from django.utils.translation import gettext as _

from consultation.core.refusals import Refused


def read_odt(content):
    raise Refused(_("This file is not a valid OpenDocument text (.odt)."))
